/** The registration functions Directus hands a hook extension, as far as Lead Pool's hooks use them. */
type Handler = (...args: any[]) => any;

export interface Register {
	filter: (event: string, handler: Handler) => void;
	action: (event: string, handler: Handler) => void;
	schedule: (cron: string, handler: () => any) => void;
	init: (event: string, handler: (meta: any) => void) => void;
}

/** What hooks that notify people need from Directus. */
export interface HookDeps {
	services: any;
	getSchema: () => Promise<any>;
	logger: any;
}
