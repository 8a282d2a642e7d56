using Visitation.Workflows.Allocation;

namespace Visitation.Workflows.Tests.Allocation;

public class MinCostFlowTests
{
    // s=0, a=1, b=2, t=3.  s→a (2, cost 1), s→b (1, cost 2), a→b (1, cost 1), a→t (1, cost 3), b→t (2, cost 1).
    // Three units can leave s and three can reach t, so the maximum flow is 3 and every edge out of s and
    // into t is full: s→a 2, s→b 1, a→t 1, b→t 2, hence a→b 1. Cost 2·1 + 1·2 + 1·1 + 1·3 + 2·1 = 10.
    private static (MinCostFlow Network, int[] Edges) Diamond()
    {
        var network = new MinCostFlow(4);
        int[] edges =
        [
            network.AddEdge(0, 1, 2, 1), network.AddEdge(0, 2, 1, 2), network.AddEdge(1, 2, 1, 1),
            network.AddEdge(1, 3, 1, 3), network.AddEdge(2, 3, 2, 1),
        ];
        return (network, edges);
    }

    [Test]
    public void Finds_the_maximum_flow_of_least_cost_on_a_network_worked_out_by_hand()
    {
        var (network, edges) = Diamond();

        network.Solve(0, 3).ShouldBe((3L, 10L));
        edges.Select(network.FlowOn).ShouldBe([2L, 1L, 1L, 1L, 2L]);
    }

    [Test]
    public void A_limited_flow_takes_the_cheapest_paths_first()
    {
        var (network, _) = Diamond();

        // The cheapest single path costs 3 (s→a→b→t or s→b→t).
        network.Solve(0, 3, limit: 1).ShouldBe((1L, 3L));
    }

    [Test]
    public void A_cheap_first_choice_is_undone_when_that_makes_more_flow_possible()
    {
        // s=0, a=1, b=2, x=3, y=4, t=5. a fits x (cost 0) and y (cost 5); b fits only x (cost 0).
        // Sending a to x first would leave b without a path; the flow must reroute a to y through the reverse edge.
        var network = new MinCostFlow(6);
        network.AddEdge(0, 1, 1, 0);
        network.AddEdge(0, 2, 1, 0);
        var ax = network.AddEdge(1, 3, 1, 0);
        var ay = network.AddEdge(1, 4, 1, 5);
        var bx = network.AddEdge(2, 3, 1, 0);
        network.AddEdge(3, 5, 1, 0);
        network.AddEdge(4, 5, 1, 0);

        network.Solve(0, 5).ShouldBe((2L, 5L));
        (network.FlowOn(ax), network.FlowOn(ay), network.FlowOn(bx)).ShouldBe((0L, 1L, 1L));
    }

    [Test]
    public void Negative_costs_and_a_second_solve_are_refused()
    {
        var network = new MinCostFlow(2);
        Should.Throw<ArgumentOutOfRangeException>(() => network.AddEdge(0, 1, 1, -1));
        network.AddEdge(0, 1, 1, 1);
        network.Solve(0, 1);
        Should.Throw<InvalidOperationException>(() => network.Solve(0, 1));
    }
}
