// Filled in by the foundation work: starts Postgres, relay, render node and fakes.
export default async function setup() {}
