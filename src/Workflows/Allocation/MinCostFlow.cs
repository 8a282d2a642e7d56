namespace Visitation.Workflows.Allocation;

/// <summary>
/// Minimum-cost maximum flow by successive shortest paths: Dijkstra on reduced costs with node
/// potentials (Johnson), so every search stays non-negative. Costs must be non-negative integers, which
/// lets the potentials start at zero and keeps the arithmetic exact. Each augmentation follows a
/// cheapest residual path, so the flow stays the cheapest one of its size; when no path is left it is
/// a maximum flow of minimum cost.
/// </summary>
public sealed class MinCostFlow
{
    private const long Infinity = long.MaxValue / 4;

    private readonly List<int>[] _adjacent;
    private readonly List<int> _to = [];
    private readonly List<long> _residual = [];
    private readonly List<long> _cost = [];
    private readonly List<long> _capacity = [];
    private bool _solved;

    public MinCostFlow(int nodes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(nodes);
        _adjacent = new List<int>[nodes];
        for (var i = 0; i < nodes; i++) _adjacent[i] = [];
    }

    public int NodeCount => _adjacent.Length;

    /// <summary>Adds an edge and returns its handle for <see cref="FlowOn"/>.</summary>
    public int AddEdge(int from, int to, long capacity, long cost)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        ArgumentOutOfRangeException.ThrowIfNegative(cost);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)from, (uint)NodeCount, nameof(from));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)to, (uint)NodeCount, nameof(to));
        var edge = _to.Count;
        Add(from, to, capacity, cost);
        Add(to, from, 0, -cost); // the reverse edge, at edge ^ 1
        return edge;
    }

    /// <summary>The flow the last <see cref="Solve"/> sent along an edge.</summary>
    public long FlowOn(int edge) => _capacity[edge] - _residual[edge];

    /// <summary>
    /// Sends as much flow as possible (at most <paramref name="limit"/>) from source to sink at least total
    /// cost. Once per network: a second run would start from a flow whose residual edges have negative costs.
    /// </summary>
    public (long Flow, long Cost) Solve(int source, int sink, long limit = long.MaxValue)
    {
        if (_solved) throw new InvalidOperationException("The network has already been solved.");
        _solved = true;
        var n = NodeCount;
        var potential = new long[n];
        var distance = new long[n];
        var viaEdge = new int[n];
        var queue = new PriorityQueue<int, long>();
        long flow = 0, cost = 0;
        while (flow < limit)
        {
            Array.Fill(distance, Infinity);
            Array.Fill(viaEdge, -1);
            distance[source] = 0;
            queue.Enqueue(source, 0);
            while (queue.TryDequeue(out var u, out var d))
            {
                if (d > distance[u]) continue;
                foreach (var e in _adjacent[u])
                {
                    if (_residual[e] == 0) continue;
                    var v = _to[e];
                    var candidate = d + _cost[e] + potential[u] - potential[v];
                    if (candidate >= distance[v]) continue;
                    distance[v] = candidate;
                    viaEdge[v] = e;
                    queue.Enqueue(v, candidate);
                }
            }
            if (distance[sink] == Infinity) break;
            // Nodes not reached now can never be reached again (new residual edges only join reached
            // nodes), so leaving their potential alone keeps every reduced cost that matters non-negative.
            for (var v = 0; v < n; v++)
                if (distance[v] < Infinity) potential[v] += distance[v];

            var push = limit - flow;
            for (var v = sink; v != source; v = _to[viaEdge[v] ^ 1])
                push = Math.Min(push, _residual[viaEdge[v]]);
            for (var v = sink; v != source; v = _to[viaEdge[v] ^ 1])
            {
                _residual[viaEdge[v]] -= push;
                _residual[viaEdge[v] ^ 1] += push;
            }
            flow += push;
            cost += push * (potential[sink] - potential[source]);
        }
        return (flow, cost);
    }

    private void Add(int from, int to, long capacity, long cost)
    {
        _adjacent[from].Add(_to.Count);
        _to.Add(to);
        _residual.Add(capacity);
        _capacity.Add(capacity);
        _cost.Add(cost);
    }
}
