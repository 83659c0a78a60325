using System.Reflection;
using System.Text;
using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.AspNetCore.Routing;

namespace HallPlatform.Application;

/// <summary>
/// Binds a gRPC service as Grpc.AspNetCore's own binder does, but with a request deserializer that reports a message it
/// cannot read (not protobuf, truncated, a string field that is not UTF-8) as INVALID_ARGUMENT. Without it grpc-dotnet
/// turns the parser's exception into UNKNOWN ("Exception was thrown by handler"), and deserialization happens before
/// any interceptor could translate it, so the marshaller is the one place to do it.
/// </summary>
public sealed class ReadableRequestMethodProvider<TService> : IServiceMethodProvider<TService>
    where TService : class
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context)
    {
        // Generated service bases carry [BindServiceMethod(typeof(XService), "BindService")].
        var bind = typeof(TService).GetCustomAttribute<BindServiceMethodAttribute>(inherit: true);
        var bindMethod = bind?.BindType.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .FirstOrDefault(m => m.Name == bind.BindMethodName
                && m.GetParameters() is [var binder, _] && binder.ParameterType == typeof(ServiceBinderBase));
        // The service implementation is not needed to describe the methods; each call resolves its own instance.
        bindMethod?.Invoke(null, [new Binder(context), null]);
    }

    /// <summary>The request could not be parsed: the client's fault, with the parser's reason.</summary>
    public static RpcException Unreadable(Exception reason) =>
        new(new Status(StatusCode.InvalidArgument, $"The request message could not be read: {reason.Message}"));

    private sealed class Binder(ServiceMethodProviderContext<TService> context) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler) =>
            context.AddUnaryMethod(Readable(method), Metadata(method), Invoker<UnaryServerMethod<TService, TRequest, TResponse>>(method));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddClientStreamingMethod(Readable(method), Metadata(method), Invoker<ClientStreamingServerMethod<TService, TRequest, TResponse>>(method));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddServerStreamingMethod(Readable(method), Metadata(method), Invoker<ServerStreamingServerMethod<TService, TRequest, TResponse>>(method));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddDuplexStreamingMethod(Readable(method), Metadata(method), Invoker<DuplexStreamingServerMethod<TService, TRequest, TResponse>>(method));

        private static Method<TRequest, TResponse> Readable<TRequest, TResponse>(Method<TRequest, TResponse> method)
            where TRequest : class
            where TResponse : class
        {
            var read = method.RequestMarshaller.ContextualDeserializer;
            var requestMarshaller = Marshallers.Create(method.RequestMarshaller.ContextualSerializer, deserialization =>
            {
                try
                {
                    return read(deserialization);
                }
                catch (InvalidProtocolBufferException invalid)
                {
                    throw Unreadable(invalid);
                }
                catch (DecoderFallbackException notUtf8)
                {
                    throw Unreadable(notUtf8);
                }
            });
            return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, requestMarshaller, method.ResponseMarshaller);
        }

        /// <summary>The implementing method, called on the service instance of each call (virtual dispatch).</summary>
        private static TDelegate Invoker<TDelegate>(IMethod method) where TDelegate : Delegate =>
            (TDelegate)Delegate.CreateDelegate(typeof(TDelegate), ServiceMethod(method));

        // As grpc-dotnet's binder does: the service's and the method's attributes (e.g. [Authorize]) become endpoint
        // metadata, and the endpoint answers POST only (plus CORS preflight).
        private static List<object> Metadata(IMethod method) =>
        [
            .. typeof(TService).GetCustomAttributes(inherit: true),
            .. ServiceMethod(method).GetCustomAttributes(inherit: true),
            new HttpMethodMetadata(["POST"], acceptCorsPreflight: true),
        ];

        private static MethodInfo ServiceMethod(IMethod method) =>
            typeof(TService).GetMethod(method.Name, BindingFlags.Public | BindingFlags.Instance)
            ?? throw new InvalidOperationException($"{typeof(TService).Name} has no public method {method.Name} for {method.FullName}.");
    }
}
