using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Visitation.Documents.Rendering;

namespace Visitation.Benchmarks.Letters;

/// <summary>
/// Where storing one letter goes: the whole <see cref="LetterSink.StoreAsync(RenderedLetter, int)"/>, and
/// inside it the SQL commands and the commit as EF Core reports them on its DiagnosticListener (only
/// subscribed while this profile runs, so the measured rows pay nothing for it). The rest is EF Core's
/// own work (scope, DbContext, change tracking, the save interceptor, parameter binding).
/// </summary>
internal sealed class StoreProfile : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly IDisposable _all;
    private readonly List<IDisposable> _subscriptions = [];
    private readonly List<(double Total, double Commands, double Commit, int CommandCount)> _letters = [];
    private double _commands;
    private double _commit;
    private int _commandCount;

    public StoreProfile() => _all = DiagnosticListener.AllListeners.Subscribe(this);

    public async Task StoreAsync(LetterSink sink, RenderedLetter rendered, int guardian)
    {
        _commands = 0;
        _commit = 0;
        _commandCount = 0;
        var start = Stopwatch.GetTimestamp();
        await sink.StoreAsync(rendered, guardian);
        _letters.Add((Stopwatch.GetElapsedTime(start).TotalMilliseconds, _commands, _commit, _commandCount));
    }

    public void Clear() => _letters.Clear();

    public IEnumerable<string> Report()
    {
        if (_letters.Count == 0) yield break;
        double P50(Func<(double Total, double Commands, double Commit, int CommandCount), double> pick) =>
            Program.Percentile([.. _letters.Select(pick).Order()], 0.5);
        double Mean(Func<(double Total, double Commands, double Commit, int CommandCount), double> pick) => _letters.Average(pick);

        yield return string.Create(Inv, $"Where the store time goes ({_letters.Count} letters, one commit each; wall ms, p50 / mean):");
        yield return string.Create(Inv, $"  store total                          {P50(l => l.Total),7:F3} / {Mean(l => l.Total),7:F3}");
        yield return string.Create(Inv, $"  SQL commands ({Mean(l => l.CommandCount):F1} per save)            {P50(l => l.Commands),7:F3} / {Mean(l => l.Commands),7:F3}");
        yield return string.Create(Inv, $"  commit (WAL write + fsync)           {P50(l => l.Commit),7:F3} / {Mean(l => l.Commit),7:F3}");
        yield return string.Create(Inv, $"  rest (scope, EF Core, interceptor)   {P50(l => l.Total - l.Commands - l.Commit),7:F3} / {Mean(l => l.Total - l.Commands - l.Commit),7:F3}");
    }

    public void OnNext(DiagnosticListener value)
    {
        if (value.Name == DbLoggerCategory.Name)
        {
            lock (_subscriptions) _subscriptions.Add(value.Subscribe(this));
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key == RelationalEventId.CommandExecuted.Name && value.Value is CommandExecutedEventData command)
        {
            _commands += command.Duration.TotalMilliseconds;
            _commandCount++;
        }
        else if (value.Key == RelationalEventId.TransactionCommitted.Name && value.Value is TransactionEndEventData commit)
        {
            _commit += commit.Duration.TotalMilliseconds;
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        _all.Dispose();
        lock (_subscriptions)
        {
            foreach (var subscription in _subscriptions) subscription.Dispose();
        }
    }
}
