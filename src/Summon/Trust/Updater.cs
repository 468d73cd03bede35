using Summon.Diagnostics;
using Summon.Transport;

namespace Summon.Trust;

/// <summary>
/// The TUF client workflow (specification section 5), read top to bottom: load the trusted root from the metadata
/// directory, step through new roots, then timestamp, snapshot, targets, and delegated targets on demand. Every
/// check is made by <see cref="TrustedMetadataSet"/>; this class only decides what to fetch and what to keep.
/// Accepted metadata is written to the metadata directory, so the next run starts from it.
/// </summary>
internal sealed class Updater
{
    private readonly MetadataDirectory _local;
    private readonly Uri _metadataBaseUrl;
    private readonly Uri _targetsBaseUrl;
    private readonly IFetcher _fetcher;
    private readonly UpdaterOptions _options;
    private readonly TimeProvider _clock;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The set of the last refresh that completed; replaced only by a complete one.</summary>
    private volatile TrustedMetadataSet? _trusted;

    public Updater(string metadataDirectory, Uri metadataBaseUrl, Uri targetsBaseUrl, IFetcher fetcher, UpdaterOptions? options = null, TimeProvider? clock = null)
    {
        _local = new MetadataDirectory(metadataDirectory);
        _metadataBaseUrl = WithTrailingSlash(metadataBaseUrl);
        _targetsBaseUrl = WithTrailingSlash(targetsBaseUrl);
        _fetcher = fetcher;
        _options = options ?? UpdaterOptions.Default;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>Brings root, timestamp, snapshot and top-level targets up to date. May be called again later.</summary>
    public async Task RefreshAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await RefreshLockedAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// What the repository signs about <paramref name="targetPath"/>, found through delegations; null if nothing.
    /// Spec 5.6.7: pre-order depth-first search of the delegation graph, in the order delegations are listed, never
    /// visiting a role twice nor more than <see cref="UpdaterOptions.MaxDelegations"/> roles; a terminating role
    /// that matches ends the search of everything not below it.
    /// </summary>
    public async Task<TargetFile?> GetTargetInfoAsync(string targetPath, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var trusted = _trusted ?? await RefreshLockedAsync(ct).ConfigureAwait(false);
            var toVisit = new Stack<(string Role, string Delegator)>();
            toVisit.Push((RoleNames.Targets, RoleNames.Root));
            var visited = new HashSet<string>(StringComparer.Ordinal);
            while (visited.Count <= _options.MaxDelegations && toVisit.Count > 0)
            {
                var (role, delegator) = toVisit.Pop();
                if (visited.Contains(role))
                {
                    continue;
                }
                var targets = await LoadTargetsAsync(trusted, role, delegator, ct).ConfigureAwait(false);
                if (targets.Targets.TryGetValue(targetPath, out var target))
                {
                    return target;
                }
                visited.Add(role);
                PushDelegationsFor(targetPath, role, targets, toVisit);
            }
            return null;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Streams <paramref name="target"/> into <paramref name="destination"/>, checking length and every hash on the
    /// way. On failure the destination has received unverified bytes: callers write to a temporary file or buffer
    /// and keep it only if this returns. Safe to call in parallel.
    /// </summary>
    public Task DownloadTargetAsync(TargetFile target, Stream destination, CancellationToken ct) =>
        DownloadTargetAsync(target, destination, targetsBaseUrl: null, ct);

    public async Task DownloadTargetAsync(TargetFile target, Stream destination, Uri? targetsBaseUrl, CancellationToken ct)
    {
        var url = TargetUrl(target, targetsBaseUrl is null ? _targetsBaseUrl : WithTrailingSlash(targetsBaseUrl));
        await using var verifying = new VerifyingStream(destination, target);
        await _fetcher.FetchToStreamAsync(url, verifying, target.Length, ct).ConfigureAwait(false);
        verifying.Verify();
    }

    /// <summary>Downloads a target to a file: written beside it under a temporary name and renamed only once verified.</summary>
    public async Task DownloadTargetToFileAsync(TargetFile target, string filePath, Uri? targetsBaseUrl, CancellationToken ct)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(filePath))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(filePath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: false))
            {
                await DownloadTargetAsync(target, file, targetsBaseUrl, ct).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, filePath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>True if <paramref name="filePath"/> already holds exactly <paramref name="target"/> (so it need not be downloaded).</summary>
    public static bool IsCachedTarget(TargetFile target, string filePath)
    {
        try
        {
            using var file = new FileStream(filePath, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (file.Length != target.Length)
            {
                return false;
            }
            using var check = new HashCheck(target.Hashes, target.Role, $"target \"{target.Path}\"");
            var buffer = new byte[81920];
            int read;
            while ((read = file.Read(buffer)) > 0)
            {
                check.Append(buffer.AsSpan(0, read));
            }
            check.Verify(target.Length);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or TrustException)
        {
            return false;
        }
    }

    /// <summary>The file name a target is stored under in a flat directory: its path, percent-encoded.</summary>
    public static string TargetFileName(TargetFile target) => RoleFileName.Escape(target.Path);

    /// <summary>
    /// One refresh, step by step; each step that needs the network is one fetch here and a synchronous check after it
    /// (on the cold path every async method costs a dozen JIT compilations, so the steps are not async methods of their own).
    /// </summary>
    private async Task<TrustedMetadataSet> RefreshLockedAsync(CancellationToken ct)
    {
        using var activity = SummonTelemetry.Activities.StartActivity("summon.refresh");
        activity?.SetTag("summon.repository", _metadataBaseUrl.AbsoluteUri);
        SummonCounters.MetadataRefreshed();
        try
        {
            var rootBytes = _local.TryRead(RoleNames.Root) ?? throw new SummonConfigurationException(
                $"There is no trusted root at {_local.FileFor(RoleNames.Root)}. Copy the repository's root.json there from a source you trust (not from the repository's server).");
            var trusted = new TrustedMetadataSet(rootBytes, _clock.GetUtcNow());
            await UpdateRootAsync(trusted, ct).ConfigureAwait(false);
            LoadStoredTimestamp(trusted);
            AcceptTimestamp(trusted, await FetchMetadataAsync(RoleNames.Timestamp, version: null, _options.TimestampMaxLength, ct).ConfigureAwait(false));
            if (!TryUseStoredSnapshot(trusted))
            {
                var meta = trusted.Timestamp!.SnapshotMeta;
                var version = trusted.Root.ConsistentSnapshot ? meta.Version : (long?)null;
                AcceptSnapshot(trusted, await FetchMetadataAsync(RoleNames.Snapshot, version, meta.Length ?? _options.SnapshotMaxLength, ct).ConfigureAwait(false));
            }
            await LoadTargetsAsync(trusted, RoleNames.Targets, RoleNames.Root, ct).ConfigureAwait(false);
            _trusted = trusted;
            return trusted;
        }
        catch (Exception e)
        {
            SummonTelemetry.RecordError(activity, e);
            throw;
        }
    }

    /// <summary>Spec 5.3: fetch N+1.root.json until the repository has no newer root (404 or 403).</summary>
    private async Task UpdateRootAsync(TrustedMetadataSet trusted, CancellationToken ct)
    {
        var first = trusted.Root.Version + 1;
        for (var version = first; version < first + _options.MaxRootRotations; version++)
        {
            byte[] data;
            try
            {
                data = await FetchMetadataAsync(RoleNames.Root, version, _options.RootMaxLength, ct).ConfigureAwait(false);
            }
            catch (DownloadException e) when (e.StatusCode is 404 or 403)
            {
                return;
            }
            trusted.UpdateRoot(data);
            _local.Write(RoleNames.Root, data);
        }
    }

    /// <summary>
    /// Spec 5.4. The stored timestamp is loaded first only to guard against rollback; if the root's timestamp keys
    /// changed it no longer verifies and is ignored, which is the fast-forward recovery of spec 5.3.11.
    /// </summary>
    private void LoadStoredTimestamp(TrustedMetadataSet trusted) =>
        TryLoadLocal(() => trusted.UpdateTimestamp(_local.TryRead(RoleNames.Timestamp) ?? throw new FileNotFoundException()));

    /// <summary>Spec 5.4: the fetched timestamp, checked against the trusted root and the stored one; kept if newer.</summary>
    private void AcceptTimestamp(TrustedMetadataSet trusted, byte[] data)
    {
        if (trusted.UpdateTimestamp(data))
        {
            _local.Write(RoleNames.Timestamp, data);
        }
    }

    /// <summary>Spec 5.5. The stored snapshot is used as is when it is still the one the timestamp names.</summary>
    private bool TryUseStoredSnapshot(TrustedMetadataSet trusted) =>
        TryLoadLocal(() => trusted.UpdateSnapshot(_local.TryRead(RoleNames.Snapshot) ?? throw new FileNotFoundException(), alreadyVerified: true));

    /// <summary>Spec 5.5: the fetched snapshot, checked against the timestamp, kept.</summary>
    private void AcceptSnapshot(TrustedMetadataSet trusted, byte[] data)
    {
        trusted.UpdateSnapshot(data);
        _local.Write(RoleNames.Snapshot, data);
    }

    /// <summary>Spec 5.6 and 5.7: a targets role from the local copy if the snapshot still names it, else from the repository.</summary>
    private async Task<TargetsMetadata> LoadTargetsAsync(TrustedMetadataSet trusted, string roleName, string delegatorName, CancellationToken ct)
    {
        if (trusted.TargetsFor(roleName) is { } loaded)
        {
            return loaded;
        }
        TargetsMetadata? local = null;
        if (TryLoadLocal(() => local = trusted.UpdateDelegatedTargets(_local.TryRead(roleName) ?? throw new FileNotFoundException(), roleName, delegatorName)))
        {
            return local!;
        }
        var meta = trusted.Snapshot!.MetaFor(roleName) ?? throw new TrustException(roleName, TrustCheck.Version,
            $"{delegatorName} delegates to {roleName}, but the snapshot does not list {roleName}.json; the repository must add it to its snapshot.");
        var version = trusted.Root.ConsistentSnapshot ? meta.Version : (long?)null;
        var data = await FetchMetadataAsync(roleName, version, meta.Length ?? _options.TargetsMaxLength, ct).ConfigureAwait(false);
        var targets = trusted.UpdateDelegatedTargets(data, roleName, delegatorName);
        _local.Write(roleName, data);
        return targets;
    }

    /// <summary>Puts the roles <paramref name="role"/> delegates <paramref name="targetPath"/> to on the stack, the first listed on top; a terminating one ends the search of the rest.</summary>
    private static void PushDelegationsFor(string targetPath, string role, TargetsMetadata targets, Stack<(string Role, string Delegator)> toVisit)
    {
        if (targets.Delegations is null)
        {
            return;
        }
        var children = new List<(string, string)>();
        foreach (var (child, terminating) in targets.Delegations.RolesForTarget(targetPath))
        {
            children.Add((child, role));
            if (terminating)
            {
                toVisit.Clear();
                break;
            }
        }
        for (var i = children.Count - 1; i >= 0; i--)
        {
            toVisit.Push(children[i]);
        }
    }

    /// <summary>Local copies are a cache: one that is missing, unreadable or no longer valid is simply not used.</summary>
    private static bool TryLoadLocal(Action load)
    {
        try
        {
            load();
            return true;
        }
        catch (Exception e) when (e is TrustException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private Task<byte[]> FetchMetadataAsync(string roleName, long? version, long maxLength, CancellationToken ct)
    {
        var name = RoleFileName.Escape(roleName);
        var file = version is { } v ? $"{v}.{name}.json" : $"{name}.json";
        return _fetcher.FetchBytesAsync(new Uri(_metadataBaseUrl, file), maxLength, ct);
    }

    private Uri TargetUrl(TargetFile target, Uri baseUrl)
    {
        var segments = target.Path.Split('/');
        var consistent = _trusted?.Root.ConsistentSnapshot ?? false;
        if (consistent && _options.PrefixTargetsWithHash)
        {
            // Spec 5.7.3: any one of the listed hashes names the file; sha256 is the one repositories always write.
            var hash = target.Hashes.TryGetValue("sha256", out var sha256) ? sha256 : target.Hashes.Values.First();
            segments[^1] = $"{hash}.{segments[^1]}";
        }
        return new Uri(baseUrl, string.Join('/', segments.Select(Uri.EscapeDataString)));
    }

    private static Uri WithTrailingSlash(Uri url) =>
        url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
}
