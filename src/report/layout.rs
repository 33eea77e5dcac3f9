//! A layered (Sugiyama-style) layout, left to right, in pure Rust.
//!
//! Each connected part of the graph is laid out on its own and the parts are
//! stacked; nodes without edges go in a grid at the bottom. Within a part:
//! cycles are broken by reversing DFS back edges, nodes are put in layers by
//! longest path, edges that span layers get virtual nodes, the order within
//! layers comes from barycenter sweeps (the order with the fewest crossings
//! wins), and vertical positions come from isotonic regression towards the
//! neighbours' centres, so that nodes line up with what they connect to
//! without overlapping. Everything is deterministic.

/// Horizontal gap between layers.
const GAP_X: f64 = 84.0;
/// Vertical gap between nodes of a layer.
const GAP_Y: f64 = 12.0;
/// Vertical gap between connected parts.
const PART_GAP: f64 = 34.0;
/// Height reserved for an edge passing through a layer.
const VIRTUAL_H: f64 = 4.0;
/// Space above the grid of nodes without edges, for its caption.
pub const LOOSE_CAPTION: f64 = 30.0;
/// Horizontal gap in that grid.
const LOOSE_GAP_X: f64 = 16.0;
/// Barycenter sweeps (down and up count as two).
const SWEEPS: usize = 8;
/// Position passes.
const PASSES: usize = 6;

/// A node's size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Size {
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

/// A point.
pub type Point = (f64, f64);

/// The layout of a graph.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    /// Total width.
    pub width: f64,
    /// Total height.
    pub height: f64,
    /// Each node's top-left corner.
    pub nodes: Vec<Point>,
    /// Each edge's route from its source's side to its target's side
    /// (`None` for self-loops and repeated edges).
    pub edges: Vec<Option<Vec<Point>>>,
    /// Where the caption over the nodes without edges goes, if any.
    pub loose_caption: Option<f64>,
    /// The vertical band (top, height) of each connected part, then of the
    /// nodes without edges: drawings may be cut between bands.
    pub bands: Vec<(f64, f64)>,
}

/// Something in a layer: a node, or a point an edge passes through.
#[derive(Debug, Clone, Copy)]
struct Item {
    node: Option<usize>,
    h: f64,
    w: f64,
    layer: usize,
}

/// One connected part being laid out.
struct Part {
    items: Vec<Item>,
    /// Segments between items of adjacent layers.
    segments: Vec<(usize, usize)>,
    /// Per input edge in the part: the chain of items from source to target
    /// in drawing direction, and whether it was reversed.
    chains: Vec<(usize, Vec<usize>, bool)>,
    layers: Vec<Vec<usize>>,
    y: Vec<f64>,
}

/// Lays out `sizes.len()` nodes with directed `edges`, `loose_width` being
/// the least width the grid of unconnected nodes may use.
pub fn layout(sizes: &[Size], edges: &[(usize, usize)], loose_width: f64) -> Layout {
    let n = sizes.len();
    let mut out = Layout {
        nodes: vec![(0.0, 0.0); n],
        edges: vec![None; edges.len()],
        ..Layout::default()
    };
    let kept = distinct_edges(n, edges);
    let (parts, loose) = components(n, &kept, edges);
    let mut top = 0.0;
    for members in parts {
        let part = Part::build(&members, &kept, edges, sizes);
        let (w, h) = part.place(top, &mut out);
        out.width = out.width.max(w);
        out.bands.push((top, h));
        top += h + PART_GAP;
    }
    if !loose.is_empty() {
        let start = top;
        top = place_loose(&loose, sizes, top, loose_width.max(out.width), &mut out);
        out.bands.push((start, top - PART_GAP - start));
    }
    out.height = (top - PART_GAP).max(0.0);
    out
}

/// The edges worth drawing: no self-loops, no repeats (by index into `edges`).
fn distinct_edges(n: usize, edges: &[(usize, usize)]) -> Vec<usize> {
    let mut seen = std::collections::BTreeSet::new();
    (0..edges.len())
        .filter(|&e| {
            let (a, b) = edges[e];
            a != b && a < n && b < n && seen.insert((a, b))
        })
        .collect()
}

/// Connected parts (node lists, by lowest node) and the nodes without edges.
fn components(n: usize, kept: &[usize], edges: &[(usize, usize)]) -> (Vec<Vec<usize>>, Vec<usize>) {
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    let mut degree = vec![0usize; n];
    for &e in kept {
        let (a, b) = edges[e];
        degree[a] += 1;
        degree[b] += 1;
        let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
        if ra != rb {
            parent[ra.max(rb)] = ra.min(rb);
        }
    }
    let mut parts: Vec<Vec<usize>> = Vec::new();
    let mut part_of_root: Vec<Option<usize>> = vec![None; n];
    let mut loose = Vec::new();
    for (v, &d) in degree.iter().enumerate() {
        if d == 0 {
            loose.push(v);
            continue;
        }
        let r = find(&mut parent, v);
        match part_of_root[r] {
            Some(p) => parts[p].push(v),
            None => {
                part_of_root[r] = Some(parts.len());
                parts.push(vec![v]);
            }
        }
    }
    (parts, loose)
}

/// Places the nodes without edges in rows under everything else.
fn place_loose(loose: &[usize], sizes: &[Size], top: f64, width: f64, out: &mut Layout) -> f64 {
    out.loose_caption = Some(top);
    let cell_w = loose.iter().map(|&v| sizes[v].w).fold(0.0, f64::max) + LOOSE_GAP_X;
    let columns = ((width + LOOSE_GAP_X) / cell_w).floor().max(1.0) as usize;
    let mut y = top + LOOSE_CAPTION;
    for row in loose.chunks(columns) {
        let row_h = row.iter().map(|&v| sizes[v].h).fold(0.0, f64::max);
        for (i, &v) in row.iter().enumerate() {
            out.nodes[v] = (i as f64 * cell_w, y);
        }
        y += row_h + GAP_Y;
    }
    out.width = out
        .width
        .max(columns.min(loose.len()) as f64 * cell_w - LOOSE_GAP_X);
    y - GAP_Y + PART_GAP
}

impl Part {
    fn build(members: &[usize], kept: &[usize], edges: &[(usize, usize)], sizes: &[Size]) -> Part {
        let local: std::collections::BTreeMap<usize, usize> =
            members.iter().enumerate().map(|(i, &v)| (v, i)).collect();
        let mine: Vec<(usize, usize, usize)> = kept
            .iter()
            .filter_map(|&e| {
                let (a, b) = edges[e];
                Some((e, *local.get(&a)?, *local.get(&b)?))
            })
            .collect();
        let reversed = back_edges(members.len(), &mine);
        let dag: Vec<(usize, usize)> = mine
            .iter()
            .zip(&reversed)
            .map(|(&(_, a, b), &r)| if r { (b, a) } else { (a, b) })
            .collect();
        let layer = layers(members.len(), &dag);
        let mut items: Vec<Item> = members
            .iter()
            .enumerate()
            .map(|(i, &v)| Item {
                node: Some(v),
                h: sizes[v].h,
                w: sizes[v].w,
                layer: layer[i],
            })
            .collect();
        let mut segments = Vec::new();
        let mut chains = Vec::new();
        for (k, &(a, b)) in dag.iter().enumerate() {
            let mut chain = vec![a];
            for l in layer[a] + 1..layer[b] {
                items.push(Item {
                    node: None,
                    h: VIRTUAL_H,
                    w: 0.0,
                    layer: l,
                });
                chain.push(items.len() - 1);
            }
            chain.push(b);
            segments.extend(chain.windows(2).map(|w| (w[0], w[1])));
            chains.push((mine[k].0, chain, reversed[k]));
        }
        let depth = items.iter().map(|i| i.layer).max().unwrap_or(0) + 1;
        let mut layers = vec![Vec::new(); depth];
        for (i, item) in items.iter().enumerate() {
            layers[item.layer].push(i);
        }
        let mut part = Part {
            y: vec![0.0; items.len()],
            items,
            segments,
            chains,
            layers,
        };
        part.order();
        part.position();
        part
    }

    /// Neighbours of each item in the previous and the next layer.
    fn neighbours(&self) -> (Vec<Vec<usize>>, Vec<Vec<usize>>) {
        let mut up = vec![Vec::new(); self.items.len()];
        let mut down = vec![Vec::new(); self.items.len()];
        for &(a, b) in &self.segments {
            down[a].push(b);
            up[b].push(a);
        }
        (up, down)
    }

    /// Orders each layer by barycenter sweeps, keeping the best order.
    fn order(&mut self) {
        let (up, down) = self.neighbours();
        let mut best = self.layers.clone();
        let mut best_crossings = self.crossings(&down);
        for sweep in 0..SWEEPS {
            let downward = sweep % 2 == 0;
            let range: Vec<usize> = if downward {
                (1..self.layers.len()).collect()
            } else {
                (0..self.layers.len().saturating_sub(1)).rev().collect()
            };
            for l in range {
                let (fixed, adj) = if downward {
                    (l - 1, &up)
                } else {
                    (l + 1, &down)
                };
                self.sort_layer(l, fixed, adj);
            }
            let c = self.crossings(&down);
            if c < best_crossings {
                best_crossings = c;
                best = self.layers.clone();
            }
        }
        self.layers = best;
    }

    fn sort_layer(&mut self, l: usize, fixed: usize, adj: &[Vec<usize>]) {
        let mut pos = vec![0.0; self.items.len()];
        for (p, &i) in self.layers[fixed].iter().enumerate() {
            pos[i] = p as f64;
        }
        let layer = &self.layers[l];
        let scale = self.layers[fixed].len().max(1) as f64 / layer.len().max(1) as f64;
        let mut keyed: Vec<(f64, usize, usize)> = layer
            .iter()
            .enumerate()
            .map(|(p, &i)| {
                let ns = &adj[i];
                let bary = if ns.is_empty() {
                    p as f64 * scale
                } else {
                    ns.iter().map(|&n| pos[n]).sum::<f64>() / ns.len() as f64
                };
                (bary, p, i)
            })
            .collect();
        keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        self.layers[l] = keyed.into_iter().map(|(_, _, i)| i).collect();
    }

    /// Edge crossings between adjacent layers.
    fn crossings(&self, down: &[Vec<usize>]) -> usize {
        let mut pos = vec![0usize; self.items.len()];
        for layer in &self.layers {
            for (p, &i) in layer.iter().enumerate() {
                pos[i] = p;
            }
        }
        let mut total = 0;
        for layer in &self.layers {
            let segs: Vec<(usize, usize)> = layer
                .iter()
                .flat_map(|&a| down[a].iter().map(move |&b| (a, b)))
                .map(|(a, b)| (pos[a], pos[b]))
                .collect();
            for (i, s) in segs.iter().enumerate() {
                total += segs[i + 1..]
                    .iter()
                    .filter(|t| (s.0 < t.0 && s.1 > t.1) || (s.0 > t.0 && s.1 < t.1))
                    .count();
            }
        }
        total
    }

    /// Vertical centres: stacked, then pulled towards the neighbours.
    fn position(&mut self) {
        let (up, down) = self.neighbours();
        for layer in &self.layers {
            let mut y = 0.0;
            for &i in layer {
                self.y[i] = y + self.items[i].h / 2.0;
                y += self.items[i].h + GAP_Y;
            }
        }
        for pass in 0..PASSES {
            let downward = pass % 2 == 1;
            let order: Vec<usize> = if downward {
                (1..self.layers.len()).collect()
            } else {
                (0..self.layers.len().saturating_sub(1)).rev().collect()
            };
            for l in order {
                self.align(l, if downward { &up } else { &down });
            }
        }
        let top = self
            .items
            .iter()
            .zip(&self.y)
            .map(|(it, y)| y - it.h / 2.0)
            .fold(f64::INFINITY, f64::min);
        if top.is_finite() {
            for y in &mut self.y {
                *y -= top;
            }
        }
    }

    /// Moves a layer's items as close as possible to their neighbours'
    /// mean centre, keeping their order and gaps (least squares).
    fn align(&mut self, l: usize, adj: &[Vec<usize>]) {
        let layer = &self.layers[l];
        let desired: Vec<f64> = layer
            .iter()
            .map(|&i| {
                let ns = &adj[i];
                if ns.is_empty() {
                    self.y[i]
                } else {
                    ns.iter().map(|&n| self.y[n]).sum::<f64>() / ns.len() as f64
                }
            })
            .collect();
        let gaps: Vec<f64> = layer
            .windows(2)
            .map(|w| (self.items[w[0]].h + self.items[w[1]].h) / 2.0 + GAP_Y)
            .collect();
        let placed = isotonic(&desired, &gaps);
        for (&i, y) in layer.iter().zip(placed) {
            self.y[i] = y;
        }
    }

    /// Writes node positions and edge routes; returns the part's size.
    fn place(&self, top: f64, out: &mut Layout) -> (f64, f64) {
        let widths: Vec<f64> = self
            .layers
            .iter()
            .map(|l| l.iter().map(|&i| self.items[i].w).fold(0.0, f64::max))
            .collect();
        let mut xs = Vec::with_capacity(widths.len());
        let mut x = 0.0;
        for w in &widths {
            xs.push(x);
            x += w + GAP_X;
        }
        let left = |i: usize| {
            let it = &self.items[i];
            xs[it.layer] + (widths[it.layer] - it.w) / 2.0
        };
        let mut height: f64 = 0.0;
        for (i, it) in self.items.iter().enumerate() {
            height = height.max(self.y[i] + it.h / 2.0);
            if let Some(v) = it.node {
                out.nodes[v] = (left(i), top + self.y[i] - it.h / 2.0);
            }
        }
        for (e, chain, reversed) in &self.chains {
            let mut points = Vec::new();
            for (k, &i) in chain.iter().enumerate() {
                let it = &self.items[i];
                let y = top + self.y[i];
                let (l, r) = match it.node {
                    Some(_) => (left(i), left(i) + it.w),
                    None => (xs[it.layer], xs[it.layer] + widths[it.layer]),
                };
                if k > 0 {
                    points.push((l, y));
                }
                if k + 1 < chain.len() {
                    points.push((r, y));
                }
            }
            if *reversed {
                points.reverse();
            }
            if let Some(slot) = out.edges.get_mut(*e) {
                *slot = Some(points);
            }
        }
        ((x - GAP_X).max(0.0), height)
    }
}

/// Which edges (local `(edge, from, to)`) close a cycle in a depth-first
/// search from each node in turn; reversing them leaves a DAG.
fn back_edges(n: usize, edges: &[(usize, usize, usize)]) -> Vec<bool> {
    let mut out_edges: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (k, &(_, a, _)) in edges.iter().enumerate() {
        out_edges[a].push(k);
    }
    let mut state = vec![0u8; n];
    let mut back = vec![false; edges.len()];
    for start in 0..n {
        if state[start] != 0 {
            continue;
        }
        let mut stack = vec![(start, 0usize)];
        state[start] = 1;
        while let Some(top) = stack.last_mut() {
            let v = top.0;
            if let Some(&k) = out_edges[v].get(top.1) {
                top.1 += 1;
                let w = edges[k].2;
                match state[w] {
                    0 => {
                        state[w] = 1;
                        stack.push((w, 0));
                    }
                    1 => back[k] = true,
                    _ => {}
                }
            } else {
                state[v] = 2;
                stack.pop();
            }
        }
    }
    back
}

/// Longest-path layers of a DAG; sources are then moved right to sit just
/// before their nearest successor.
fn layers(n: usize, dag: &[(usize, usize)]) -> Vec<usize> {
    let mut indegree = vec![0usize; n];
    let mut succ: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b) in dag {
        indegree[b] += 1;
        succ[a].push(b);
    }
    let mut layer = vec![0usize; n];
    let mut ready: std::collections::VecDeque<usize> =
        (0..n).filter(|&v| indegree[v] == 0).collect();
    let mut remaining = indegree.clone();
    while let Some(v) = ready.pop_front() {
        for &w in &succ[v] {
            layer[w] = layer[w].max(layer[v] + 1);
            remaining[w] -= 1;
            if remaining[w] == 0 {
                ready.push_back(w);
            }
        }
    }
    for v in 0..n {
        if indegree[v] == 0 {
            if let Some(nearest) = succ[v].iter().map(|&w| layer[w]).min() {
                layer[v] = nearest.saturating_sub(1);
            }
        }
    }
    layer
}

/// Positions closest (least squares) to `desired` with each position at
/// least `gaps[i]` below the previous one: pool-adjacent-violators on the
/// positions shifted by the cumulative gaps.
fn isotonic(desired: &[f64], gaps: &[f64]) -> Vec<f64> {
    let mut offset = vec![0.0; desired.len()];
    for i in 1..desired.len() {
        offset[i] = offset[i - 1] + gaps.get(i - 1).copied().unwrap_or(0.0);
    }
    // Blocks of (mean, weight, length).
    let mut blocks: Vec<(f64, f64, usize)> = Vec::new();
    for (d, o) in desired.iter().zip(&offset) {
        blocks.push((d - o, 1.0, 1));
        while blocks.len() > 1 {
            let (m2, w2, n2) = blocks[blocks.len() - 1];
            let (m1, w1, n1) = blocks[blocks.len() - 2];
            if m1 <= m2 {
                break;
            }
            blocks.truncate(blocks.len() - 2);
            blocks.push(((m1 * w1 + m2 * w2) / (w1 + w2), w1 + w2, n1 + n2));
        }
    }
    let mut out = Vec::with_capacity(desired.len());
    for (m, _, len) in blocks {
        for _ in 0..len {
            out.push(m + offset[out.len()]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sizes(n: usize) -> Vec<Size> {
        vec![Size { w: 100.0, h: 40.0 }; n]
    }

    fn overlaps(l: &Layout, s: &[Size]) -> bool {
        for i in 0..s.len() {
            for j in i + 1..s.len() {
                let (a, b) = (l.nodes[i], l.nodes[j]);
                if a.0 < b.0 + s[j].w
                    && b.0 < a.0 + s[i].w
                    && a.1 < b.1 + s[j].h
                    && b.1 < a.1 + s[i].h
                {
                    return true;
                }
            }
        }
        false
    }

    #[test]
    fn chain_goes_left_to_right() {
        let s = sizes(3);
        let l = layout(&s, &[(0, 1), (1, 2)], 0.0);
        assert!(l.nodes[0].0 < l.nodes[1].0 && l.nodes[1].0 < l.nodes[2].0);
        assert!(l.edges.iter().all(Option::is_some));
        assert!(!overlaps(&l, &s));
    }

    #[test]
    fn fans_cycles_and_loose_nodes_do_not_overlap() {
        let s = sizes(9);
        let edges = [
            (0, 1),
            (0, 2),
            (0, 3),
            (3, 0),
            (4, 5),
            (5, 4),
            (4, 4),
            (0, 1),
            (2, 6),
        ];
        let l = layout(&s, &edges, 300.0);
        assert!(!overlaps(&l, &s));
        assert!(l.edges[6].is_none() && l.edges[7].is_none());
        assert!(l.loose_caption.is_some());
        assert!(l.width > 0.0 && l.height > 0.0);
        assert_eq!(l.bands.len(), 3);
        for (v, &(_, y)) in l.nodes.iter().enumerate() {
            let inside = l
                .bands
                .iter()
                .any(|&(t, h)| y >= t && y + s[v].h <= t + h + 0.001);
            assert!(inside, "node {v} outside every band");
        }
    }

    #[test]
    fn isotonic_keeps_gaps() {
        let y = isotonic(&[10.0, 10.0, 10.0], &[5.0, 5.0]);
        assert_eq!(y, vec![5.0, 10.0, 15.0]);
        assert_eq!(isotonic(&[], &[]), Vec::<f64>::new());
    }

    #[test]
    fn long_edges_get_routes_through_layers() {
        let s = sizes(4);
        let l = layout(&s, &[(0, 1), (1, 2), (0, 2), (2, 3)], 0.0);
        let route = l.edges[2].as_ref().map(Vec::len);
        assert_eq!(route, Some(4));
    }
}
