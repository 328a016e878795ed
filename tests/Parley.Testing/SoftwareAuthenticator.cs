using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Parley.Testing;

/// <summary>
/// A passkey authenticator in memory, for tests that talk to the server over HTTP without a browser: it answers
/// creation options with a "none" attestation and request options with an ES256 signature, in the WebAuthn JSON
/// form browsers send (PublicKeyCredential.toJSON()), with user presence and verification set. The origin is the one
/// a browser on <paramref name="origin"/> would report.
/// </summary>
public sealed class SoftwareAuthenticator(Uri origin) : IDisposable
{
    private readonly Dictionary<string, (ECDsa Key, byte[] UserHandle, string RpId, uint Counter)> _credentials = [];

    /// <summary>The credential ids it holds, base64url.</summary>
    public IReadOnlyCollection<string> CredentialIds => _credentials.Keys;

    /// <summary>navigator.credentials.create(): a new discoverable ES256 credential for the options' user.</summary>
    public JsonObject Create(JsonElement options)
    {
        var rpId = options.GetProperty("rp").TryGetProperty("id", out var id) ? id.GetString()! : origin.Host;
        var userHandle = Base64Url.DecodeFromChars(options.GetProperty("user").GetProperty("id").GetString());
        var credentialId = RandomNumberGenerator.GetBytes(16);
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var credentialIdText = Base64Url.EncodeToString(credentialId);
        _credentials[credentialIdText] = (key, userHandle, rpId, 0);

        var point = key.ExportParameters(false).Q;
        var coseKey = Cbor.Map(
            (Cbor.Int(1), Cbor.Int(2)), // kty: EC2
            (Cbor.Int(3), Cbor.Int(-7)), // alg: ES256
            (Cbor.Int(-1), Cbor.Int(1)), // crv: P-256
            (Cbor.Int(-2), Cbor.Bytes(point.X!)),
            (Cbor.Int(-3), Cbor.Bytes(point.Y!)));
        var authenticatorData = Concat(
            SHA256.HashData(Encoding.UTF8.GetBytes(rpId)),
            [0x45], // user present, user verified, attested credential data
            [0, 0, 0, 0],
            new byte[16], // AAGUID
            [(byte)(credentialId.Length >> 8), (byte)credentialId.Length],
            credentialId,
            coseKey);
        var attestationObject = Cbor.Map(
            (Cbor.Text("fmt"), Cbor.Text("none")),
            (Cbor.Text("attStmt"), Cbor.Map()),
            (Cbor.Text("authData"), Cbor.Bytes(authenticatorData)));
        var clientData = ClientData("webauthn.create", options.GetProperty("challenge").GetString()!);
        return new JsonObject
        {
            ["id"] = credentialIdText,
            ["rawId"] = credentialIdText,
            ["type"] = "public-key",
            ["authenticatorAttachment"] = "platform",
            ["clientExtensionResults"] = new JsonObject(),
            ["response"] = new JsonObject
            {
                ["clientDataJSON"] = Base64Url.EncodeToString(clientData),
                ["attestationObject"] = Base64Url.EncodeToString(attestationObject),
                ["transports"] = new JsonArray("internal"),
            },
        };
    }

    /// <summary>navigator.credentials.get() with a discoverable credential: signs with <paramref name="credentialId"/> (the only one when null).</summary>
    public JsonObject Get(JsonElement options, string? credentialId = null)
    {
        var chosen = credentialId ?? _credentials.Keys.Single();
        var (key, userHandle, rpId, counter) = _credentials[chosen];
        _credentials[chosen] = (key, userHandle, rpId, counter + 1);
        var count = counter + 1;
        var authenticatorData = Concat(
            SHA256.HashData(Encoding.UTF8.GetBytes(rpId)),
            [0x05], // user present, user verified
            [(byte)(count >> 24), (byte)(count >> 16), (byte)(count >> 8), (byte)count]);
        var clientData = ClientData("webauthn.get", options.GetProperty("challenge").GetString()!);
        var signature = key.SignData(Concat(authenticatorData, SHA256.HashData(clientData)), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return new JsonObject
        {
            ["id"] = chosen,
            ["rawId"] = chosen,
            ["type"] = "public-key",
            ["authenticatorAttachment"] = "platform",
            ["clientExtensionResults"] = new JsonObject(),
            ["response"] = new JsonObject
            {
                ["clientDataJSON"] = Base64Url.EncodeToString(clientData),
                ["authenticatorData"] = Base64Url.EncodeToString(authenticatorData),
                ["signature"] = Base64Url.EncodeToString(signature),
                ["userHandle"] = Base64Url.EncodeToString(userHandle),
            },
        };
    }

    public void Dispose()
    {
        foreach (var (key, _, _, _) in _credentials.Values)
        {
            key.Dispose();
        }
    }

    private byte[] ClientData(string type, string challenge) => JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
    {
        ["type"] = type,
        ["challenge"] = challenge,
        ["origin"] = origin.GetLeftPart(UriPartial.Authority),
        ["crossOrigin"] = false,
    });

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    /// <summary>The few CBOR forms an attestation object needs (RFC 8949): small maps, integers, byte and text strings.</summary>
    private static class Cbor
    {
        public static byte[] Int(int value) => value >= 0 ? Head(0, (ulong)value) : Head(1, (ulong)(-1 - value));

        public static byte[] Bytes(byte[] value) => [.. Head(2, (ulong)value.Length), .. value];

        public static byte[] Text(string value)
        {
            var utf8 = Encoding.UTF8.GetBytes(value);
            return [.. Head(3, (ulong)utf8.Length), .. utf8];
        }

        public static byte[] Map(params (byte[] Key, byte[] Value)[] entries) =>
            [.. Head(5, (ulong)entries.Length), .. entries.SelectMany(e => e.Key.Concat(e.Value))];

        private static byte[] Head(int major, ulong length) => length switch
        {
            < 24 => [(byte)((major << 5) | (int)length)],
            <= byte.MaxValue => [(byte)((major << 5) | 24), (byte)length],
            _ => [(byte)((major << 5) | 25), (byte)(length >> 8), (byte)length],
        };
    }
}
