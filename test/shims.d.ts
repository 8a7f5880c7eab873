// js-yaml ships no type declarations; the tests only call load().
declare module 'js-yaml' {
	const yaml: { load(source: string): unknown };
	export default yaml;
}
