export { throwawayInstance as benchInstance, type ThrowawayInstance as BenchInstance } from '../test/harness/throwaway';
