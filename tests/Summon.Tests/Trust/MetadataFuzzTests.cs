using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Summon.Tests.Trust.Simulator;
using Summon.Trust;

namespace Summon.Tests.Trust;

/// <summary>
/// Random and mutated metadata fed to the parser and to every step of the state machine: whatever the bytes, the
/// only exception that may come out is <see cref="TrustException"/>.
/// </summary>
public sealed class MetadataFuzzTests
{
    private static readonly RepositorySimulator Repo = CreateRepository();

    private static readonly (string Role, byte[] Data)[] ValidDocuments =
    [
        ("root", Repo.SignedRoots[0]),
        ("timestamp", Repo.SignedTimestamp()),
        ("snapshot", Repo.SignedSnapshot()),
        ("targets", Repo.SignedTargets("targets")),
        ("A", Repo.SignedTargets("A")),
    ];

    private static readonly string[] Replacements =
    [
        "null", "\"\"", "-1", "0", "9223372036854775807", "99999999999999999999999", "1.5", "1e2", "true", "[]", "{}",
        "\"2030-13-45T99:99:99Z\"", "\"ed25519\"", "\"zz\"", "[\"*\"]", "{\"a\":1,\"a\":2}", new string('[', 100) + new string(']', 100),
        "{\"keytype\":\"ed25519\",\"scheme\":\"ed25519\",\"keyval\":{\"public\":\"00\"}}", "\"\\ud800\"", "-0",
    ];

    private static RepositorySimulator CreateRepository()
    {
        var repo = new RepositorySimulator(newKey: () => TestKey.Ecdsa());
        repo.AddKey("targets", key: TestKey.Ed25519());
        repo.AddArtifact("targets", "a/file", "x"u8.ToArray());
        repo.AddDelegation("targets", "A", paths: ["a/*"]);
        repo.AddDelegation("targets", "B", hashPrefixes: ["0"]);
        repo.AddArtifact("A", "a/other", "y"u8.ToArray());
        repo.ComputeMetaHashesAndLength = true;
        repo.UpdateSnapshot();
        return repo;
    }

    [Fact]
    public void Random_bytes_only_ever_raise_trust_exceptions()
    {
        Gen.Byte.Array[0, 300].Sample(data => FeedEverywhere("root", data), iter: 1500);
    }

    [Fact]
    public void Random_byte_mutations_of_valid_metadata_only_ever_raise_trust_exceptions()
    {
        Gen.Select(Gen.Int[0, ValidDocuments.Length - 1], Gen.Int[0, int.MaxValue], Gen.Byte, Gen.Int[0, 3])
            .Sample((doc, position, value, kind) =>
            {
                var (role, valid) = ValidDocuments[doc];
                var bytes = valid.ToList();
                var at = position % bytes.Count;
                switch (kind)
                {
                    case 0:
                        bytes[at] = value;
                        break;
                    case 1:
                        bytes.RemoveAt(at);
                        break;
                    case 2:
                        bytes.Insert(at, value);
                        break;
                    default:
                        bytes.InsertRange(at, bytes.Skip(at).Take(value));
                        break;
                }
                FeedEverywhere(role, [.. bytes]);
            }, iter: 1500);
    }

    [Fact]
    public void Structural_mutations_of_valid_metadata_only_ever_raise_trust_exceptions()
    {
        Gen.Select(Gen.Int[0, ValidDocuments.Length - 1], Gen.Int[0, int.MaxValue], Gen.Int[0, Replacements.Length + 1])
            .Sample((doc, position, replacement) =>
            {
                var (role, valid) = ValidDocuments[doc];
                FeedEverywhere(role, Mutate(valid, position, replacement));
            }, iter: 1500);
    }

    /// <summary>Replaces (or removes, or duplicates) the value at one node of the document, picked in pre-order.</summary>
    private static byte[] Mutate(byte[] valid, int position, int replacement)
    {
        var root = JsonNode.Parse(valid)!;
        var slots = new List<(JsonNode Parent, string? Key, int Index)>();
        Collect(root, slots);
        var (parent, key, index) = slots[position % slots.Count];
        const string Marker = "\"@@mutation@@\"";
        string text;
        if (replacement == Replacements.Length && key is not null)
        {
            ((JsonObject)parent).Remove(key);
            text = root.ToJsonString();
        }
        else if (replacement == Replacements.Length + 1 && key is not null)
        {
            var value = parent[key]?.ToJsonString() ?? "null";
            parent[key] = JsonValue.Create("@@mutation@@");
            text = root.ToJsonString().Replace(Marker, $"{value},\"{key}\":{value}", StringComparison.Ordinal);
        }
        else
        {
            var replacementText = Replacements[replacement % Replacements.Length];
            if (key is not null)
            {
                parent[key] = JsonValue.Create("@@mutation@@");
            }
            else
            {
                ((JsonArray)parent)[index] = JsonValue.Create("@@mutation@@");
            }
            text = root.ToJsonString().Replace(Marker, replacementText, StringComparison.Ordinal);
        }
        return Encoding.UTF8.GetBytes(text);
    }

    private static void Collect(JsonNode node, List<(JsonNode, string?, int)> slots)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    slots.Add((obj, key, -1));
                    if (child is not null)
                    {
                        Collect(child, slots);
                    }
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    slots.Add((array, null, i));
                    if (array[i] is { } child)
                    {
                        Collect(child, slots);
                    }
                }
                break;
        }
    }

    /// <summary>Parses the bytes as every role, and feeds them to the state machine at the step for <paramref name="role"/>.</summary>
    private static void FeedEverywhere(string role, byte[] data)
    {
        foreach (var asRole in new[] { "root", "timestamp", "snapshot", "targets" })
        {
            Refusable(() =>
            {
                var envelope = SignedEnvelope.Parse(data, asRole);
                _ = asRole switch
                {
                    "root" => (SignedMetadata)RootMetadata.Parse(envelope.Signed),
                    "timestamp" => TimestampMetadata.Parse(envelope.Signed),
                    "snapshot" => SnapshotMetadata.Parse(envelope.Signed),
                    _ => TargetsMetadata.Parse(envelope.Signed, asRole),
                };
            });
        }
        var now = DateTimeOffset.UtcNow;
        Refusable(() => new TrustedMetadataSet(data, now));
        var set = new TrustedMetadataSet(Repo.SignedRoots[0], now);
        switch (role)
        {
            case "root":
                Refusable(() => set.UpdateRoot(data));
                break;
            case "timestamp":
                Refusable(() => set.UpdateTimestamp(data));
                break;
            case "snapshot":
                set.UpdateTimestamp(Repo.SignedTimestamp());
                Refusable(() => set.UpdateSnapshot(data));
                Refusable(() => set.UpdateSnapshot(data, alreadyVerified: true));
                break;
            default:
                set.UpdateTimestamp(Repo.SignedTimestamp());
                set.UpdateSnapshot(Repo.SignedSnapshot());
                if (role == "targets")
                {
                    Refusable(() => set.UpdateTargets(data));
                }
                else
                {
                    set.UpdateTargets(Repo.SignedTargets("targets"));
                    Refusable(() => set.UpdateDelegatedTargets(data, role, "targets"));
                    Refusable(() => set.Targets!.Delegations!.RolesForTarget("a/file").ToList());
                }
                break;
        }
    }

    private static void Refusable(Action action)
    {
        try
        {
            action();
        }
        catch (TrustException)
        {
            // Refused with a typed error: the only acceptable failure.
        }
    }
}
