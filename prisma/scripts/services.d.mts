export declare const root: string;
/** The Prisma folders (prisma/<folder>) of the subgraphs under repoRoot (the repository by default). */
export declare function prismaFolders(repoRoot?: string): string[];
export declare const SERVICES: string[];
