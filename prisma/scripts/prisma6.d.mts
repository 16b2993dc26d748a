export function diffSchemas(schemas: { from?: string; to: string }): Promise<string>;
export function readSchema(path: string): string;
