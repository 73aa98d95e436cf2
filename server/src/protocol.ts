// The custom requests between the client and the language server, typed once for both.
import { RequestType } from 'vscode-languageserver-protocol';
import type { Hop } from './core/routing/lookup.js';
import type { RouteRow } from './core/routing/routeRows.js';

export type { Hop, Outcome, RouteRef } from './core/routing/lookup.js';
export type { RouteRow } from './core/routing/routeRows.js';

export interface SimulateParams {
  destination: string;
  /** One namespace, or every namespace of the workspace when absent. */
  namespace?: string;
}

export type SimulateResult = { hops: Hop[] } | { error: string };

export const SimulateRequest = new RequestType<SimulateParams, SimulateResult, void>('spk/simulate');

export interface RouteTableParams {
  namespace?: string;
}

export interface NamespaceRoutes {
  namespace: string;
  routes: RouteRow[];
}

export interface RouteTableResult {
  tables: NamespaceRoutes[];
}

export const RouteTableRequest = new RequestType<RouteTableParams, RouteTableResult, void>('spk/routeTable');

/** The client command that a route's CodeLens runs: open the simulator on the route's prefix. */
export const SIMULATE_ROUTE_COMMAND = 'spkRoutes.simulateRoute';

export interface SimulateRouteArgs {
  destination: string;
  prefixLen: number;
  namespace: string;
}
