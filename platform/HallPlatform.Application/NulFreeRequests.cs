using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace HallPlatform.Application;

/// <summary>
/// Refuses every gRPC request carrying U+0000 in any string field, however deeply nested: PostgreSQL cannot store it,
/// so it would otherwise fail deep inside a use case. Answers InvalidArgument naming the field as REST names it.
/// Every service gets it through <c>AddHallGrpc()</c> (GrpcHosting).
/// </summary>
public sealed class NulFreeRequests : Interceptor
{
    public const string Message = "The value must not contain the NUL character (U+0000).";

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        Check(request);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        Check(request);
        return continuation(request, responseStream, context);
    }

    private static void Check<TRequest>(TRequest request)
    {
        if (request is IMessage message && FieldWithNul(message) is { } field)
        {
            throw OutcomeRpc.InvalidArgument(new Dictionary<string, string[]> { [field] = [Message] });
        }
    }

    /// <summary>The camelCase name of the first string field holding U+0000 (nested fields as <c>outer.inner</c>), or null.</summary>
    public static string? FieldWithNul(IMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            var value = field.Accessor.GetValue(message);
            if (field.IsMap)
            {
                if (MapHasNul((System.Collections.IDictionary)value))
                {
                    return field.JsonName;
                }
                continue;
            }
            var found = field.FieldType switch
            {
                FieldType.String when field.IsRepeated => ((System.Collections.IEnumerable)value).Cast<string>().Any(HasNul),
                FieldType.String => value is string text && HasNul(text),
                _ => false,
            };
            if (found)
            {
                return field.JsonName;
            }
            if (field.FieldType == FieldType.Message)
            {
                var nested = field.IsRepeated ? ((System.Collections.IEnumerable)value).OfType<IMessage>() : value is IMessage one ? [one] : [];
                foreach (var inner in nested)
                {
                    if (FieldWithNul(inner) is { } innerField)
                    {
                        return $"{field.JsonName}.{innerField}";
                    }
                }
            }
        }
        return null;
    }

    private static bool MapHasNul(System.Collections.IDictionary map)
    {
        foreach (System.Collections.DictionaryEntry entry in map)
        {
            if ((entry.Key is string key && HasNul(key)) || (entry.Value is string text && HasNul(text))
                || (entry.Value is IMessage nested && FieldWithNul(nested) is not null))
            {
                return true;
            }
        }
        return false;
    }

    private static bool HasNul(string text) => text.Contains('\0', StringComparison.Ordinal);
}
