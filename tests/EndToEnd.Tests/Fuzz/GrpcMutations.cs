using System.Buffers.Binary;
using System.Text;

namespace HallPlatform.EndToEnd.Tests.Fuzz;

/// <summary>A protobuf field of a request message: its number and whether it is a string, an int32 or a Timestamp.</summary>
public sealed record ProtoField(int Number, ProtoKind Kind, string ValidValue = "");

public enum ProtoKind
{
    Text,
    Number,
    Timestamp,
}

/// <summary>A gRPC method the gateway routes, with the fields of its request message (numbers from contracts/*.proto).</summary>
public sealed record GrpcMethod(string Path, IReadOnlyList<ProtoField> Fields);

/// <summary>One raw gRPC request body: the 5-byte frame header and the (possibly malformed) message.</summary>
public sealed record GrpcFuzzRequest(string Mutation, byte[] Frame);

/// <summary>Builds raw protobuf messages by hand so that malformed ones can be sent, and the malformed variants.</summary>
public static class GrpcMutations
{
    /// <summary>Every gRPC method the gateway routes to a service (gateway/appsettings.json, ReverseProxy:Routes).</summary>
    /// <summary>
    /// Broken gRPC framing (not a message at all) that grpc-dotnet answers with INTERNAL before any handler or
    /// marshaller runs; docs/api.md says so. A malformed message inside a well-formed frame is INVALID_ARGUMENT.
    /// </summary>
    public static IReadOnlySet<string> BrokenFraming { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "gRPC frame marked compressed",
        "no gRPC frame at all",
    };

    public static IReadOnlyList<GrpcMethod> GatewayMethods { get; } =
    [
        new("/hall.reception.v1.ReceptionService/CheckIn",
        [
            // An unknown hall: an empty one would be the seeded default hall the other end-to-end tests queue in.
            new(1, ProtoKind.Text, "hall-fuzz"), new(2, ProtoKind.Text, "Fuzz Customer"),
            new(3, ProtoKind.Text, "13812345678"), new(4, ProtoKind.Text, "billing"), new(5, ProtoKind.Text, "kiosk"),
            new(6, ProtoKind.Text, "normal"), new(7, ProtoKind.Text), new(8, ProtoKind.Text), new(9, ProtoKind.Text),
            new(10, ProtoKind.Text, "fuzz-key-1"),
        ]),
        new("/hall.reception.v1.ReceptionService/GetVisit", [new(1, ProtoKind.Text, "vis_fuzz")]),
        new("/hall.reception.v1.ReceptionService/GetWaitTimes", [new(1, ProtoKind.Text, "hall-001")]),
        new("/hall.business.v1.OrderService/GetOrder", [new(1, ProtoKind.Text, "ord_fuzz")]),
        new("/hall.fault.v1.TroubleTicketService/ReportFault",
        [
            new(1, ProtoKind.Text, "phone"), new(2, ProtoKind.Text, "FUZZ-1"), new(3, ProtoKind.Text, "No signal"),
            new(4, ProtoKind.Text, "Calls fail."), new(5, ProtoKind.Text, "minor"), new(6, ProtoKind.Text, "mobile"),
            new(7, ProtoKind.Text, "hall-fuzz"), new(8, ProtoKind.Text, "13812345678"),
        ]),
        new("/hall.fault.v1.TroubleTicketService/GetTroubleTicket", [new(1, ProtoKind.Text, "tt_fuzz")]),
        new("/hall.complaint.v1.ComplaintService/RegisterComplaint",
        [
            new(1, ProtoKind.Text, "phone"), new(2, ProtoKind.Text, "FUZZ-C-1"), new(3, ProtoKind.Text, "Billing error"),
            new(4, ProtoKind.Text, "Charged twice."), new(5, ProtoKind.Text, "Refund"), new(6, ProtoKind.Text, "billing"),
            new(7, ProtoKind.Text, "hall-fuzz"), new(8, ProtoKind.Text, "13812345678"),
        ]),
        new("/hall.complaint.v1.ComplaintService/GetComplaint", [new(1, ProtoKind.Text, "cmp_fuzz")]),
        new("/hall.quality.v1.QualityService/RecordSurveyResponse",
        [
            new(1, ProtoKind.Text, "visit"), new(2, ProtoKind.Text, "vis_fuzz"), new(3, ProtoKind.Text, "hall-fuzz"),
            new(4, ProtoKind.Number, "4"), new(5, ProtoKind.Number, "9"), new(6, ProtoKind.Text, "Fine"),
        ]),
        new("/hall.quality.v1.QualityService/GetSatisfactionSummary",
            [new(1, ProtoKind.Text, "hall-001"), new(2, ProtoKind.Timestamp, "-86400"), new(3, ProtoKind.Timestamp, "0")]),
    ];

    public static IReadOnlyList<GrpcFuzzRequest> For(GrpcMethod method, int seed = 20261206)
    {
        var random = new Random(seed ^ method.Path.Length);
        var valid = Message(method, _ => null);
        var requests = new List<GrpcFuzzRequest>
        {
            new("valid message", Frame(valid)),
            new("empty message", Frame([])),
            new("truncated valid message", Frame(valid[..Math.Max(1, valid.Length - 3)])),
            new("wrong wire type: field 1 as varint", Frame([0x08, 0x05])),
            new("wrong wire type: field 1 as fixed64", Frame([0x09, 1, 2, 3, 4, 5, 6, 7, 8])),
            new("wrong wire type: field 1 as start group", Frame([0x0B, 0x0C])),
            new("invalid UTF-8 in field 1", Frame([0x0A, 0x02, 0xC3, 0x28])),
            new("UTF-8 encoded lone surrogate in field 1", Frame([0x0A, 0x03, 0xED, 0xA0, 0x80])),
            new("huge protobuf length prefix", Frame([0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x61, 0x62])),
            new("negative protobuf length prefix", Frame([0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0x61])),
            new("field number 0", Frame([0x02, 0x01, 0x61])),
            new("unknown field 999", Frame([.. valid, .. Tag(999, 2), 0x01, 0x61])),
            new("huge gRPC frame length", [0, 0x7F, 0xFF, 0xFF, 0xFF, 0x0A, 0x01, 0x61]),
            new("gRPC frame marked compressed", [1, .. Frame(valid)[1..]]),
            new("no gRPC frame at all", []),
        };
        for (var i = 0; i < 3; i++)
        {
            var bytes = new byte[random.Next(1, 64)];
            random.NextBytes(bytes);
            requests.Add(new($"random bytes #{i + 1}", Frame(bytes)));
        }
        if (method.Fields.Any(f => f.Kind == ProtoKind.Text))
        {
            requests.Add(new("NUL in every string field", Frame(Message(method, f => f.Kind == ProtoKind.Text ? "fuzz\0value" : null))));
            requests.Add(new("control characters in every string field", Frame(Message(method, f => f.Kind == ProtoKind.Text ? "\u0001\u001b[31m\u007f" : null))));
            requests.Add(new("100k characters in every string field", Frame(Message(method, f => f.Kind == ProtoKind.Text ? new string('a', 100_000) : null))));
            requests.Add(new("injection strings in every string field", Frame(Message(method, f => f.Kind == ProtoKind.Text ? "../' OR 1=1--<script>" : null))));
        }
        if (method.Fields.Any(f => f.Kind == ProtoKind.Number))
        {
            requests.Add(new("int32 fields at int.MaxValue", Frame(Message(method, f => f.Kind == ProtoKind.Number ? int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture) : null))));
            requests.Add(new("int32 fields negative", Frame(Message(method, f => f.Kind == ProtoKind.Number ? "-1" : null))));
        }
        if (method.Fields.Any(f => f.Kind == ProtoKind.Timestamp))
        {
            requests.Add(new("timestamps at long.MaxValue seconds", Frame(Message(method, f => f.Kind == ProtoKind.Timestamp ? "max" : null))));
            requests.Add(new("timestamps at year 9999 end", Frame(Message(method, f => f.Kind == ProtoKind.Timestamp ? "253402300799" : null))));
            requests.Add(new("timestamps with negative nanos", Frame(Message(method, f => f.Kind == ProtoKind.Timestamp ? "nanos" : null))));
        }
        return requests;
    }

    /// <summary>The request message; <paramref name="overrideValue"/> replaces a field's valid value when not null.</summary>
    public static byte[] Message(GrpcMethod method, Func<ProtoField, string?> overrideValue)
    {
        var bytes = new List<byte>();
        foreach (var field in method.Fields)
        {
            var value = overrideValue(field) ?? field.ValidValue;
            switch (field.Kind)
            {
                case ProtoKind.Text when value.Length > 0:
                    bytes.AddRange(LengthDelimited(field.Number, Encoding.UTF8.GetBytes(value)));
                    break;
                case ProtoKind.Number when value.Length > 0:
                    bytes.AddRange(Tag(field.Number, 0));
                    bytes.AddRange(Varint(unchecked((ulong)long.Parse(value, System.Globalization.CultureInfo.InvariantCulture))));
                    break;
                case ProtoKind.Timestamp when value.Length > 0:
                    bytes.AddRange(LengthDelimited(field.Number, Timestamp(value)));
                    break;
            }
        }
        return [.. bytes];
    }

    /// <summary>A google.protobuf.Timestamp: seconds relative to now, or the named extreme.</summary>
    private static byte[] Timestamp(string value)
    {
        var (seconds, nanos) = value switch
        {
            "max" => (long.MaxValue, 0),
            "nanos" => (DateTimeOffset.UtcNow.ToUnixTimeSeconds(), -1),
            "253402300799" => (253402300799L, 999_999_999),
            _ => (DateTimeOffset.UtcNow.ToUnixTimeSeconds() + long.Parse(value, System.Globalization.CultureInfo.InvariantCulture), 0),
        };
        return [.. Tag(1, 0), .. Varint(unchecked((ulong)seconds)), .. Tag(2, 0), .. Varint(unchecked((ulong)(long)nanos))];
    }

    /// <summary>The gRPC length-prefixed message: not compressed, 4-byte big-endian length, the message.</summary>
    public static byte[] Frame(byte[] message)
    {
        var frame = new byte[5 + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)message.Length);
        message.CopyTo(frame, 5);
        return frame;
    }

    private static byte[] LengthDelimited(int number, byte[] payload) =>
        [.. Tag(number, 2), .. Varint((ulong)payload.Length), .. payload];

    private static byte[] Tag(int number, int wireType) => Varint((ulong)((number << 3) | wireType));

    private static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }
        bytes.Add((byte)value);
        return [.. bytes];
    }
}
