export { type Adjacency, adjacency } from './adjacency.js';
export { buildGraph } from './build.js';
export { findCycles, REQUIREMENT_CYCLE_EDGES, SPEC_CYCLE_EDGES } from './cycles.js';
export { type DotOptions, toDot } from './dot.js';
export { formatTrace } from './format-trace.js';
export { type GraphJson, graphJson, toJson } from './json.js';
export { type MermaidOptions, toMermaid } from './mermaid.js';
export {
  type DuplicateId,
  EDGE_TYPES,
  type EdgeType,
  type Graph,
  type GraphEdge,
  type GraphNode,
  type NodeKind,
  type Occurrence,
  type UnresolvedRef,
} from './model.js';
export { type PackedGraph, packGraph, unpackGraph } from './packed.js';
export { editDistance, suggest } from './suggest.js';
export { type TraceLink, type TraceOptions, type TraceResult, trace } from './trace.js';
export { type GraphLevel, type GraphView, selectView, type ViewOptions } from './view.js';
