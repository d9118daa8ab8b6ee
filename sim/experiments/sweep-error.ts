// A mistake in a sweep's grid, shards or outputs that the user made: the CLI prints its message
// and exits 2.
export class SweepError extends Error {
  readonly userFacing = true;
  constructor(message: string) {
    super(message);
    this.name = "SweepError";
  }
}
