import { TAXONOMY, TECHNIQUES, type Technique } from '../../src/pipeline/techniques/taxonomy.ts';

export { TAXONOMY, TECHNIQUES, type Technique };

/** Stable colour index per technique (style.css defines --t0…--t13 and .t0….t13). */
export const colourIndex = (t: string): number => Math.max(0, TECHNIQUES.indexOf(t as Technique));

export const labelOf = (t: string): string => TAXONOMY[t as Technique]?.label ?? t.replace(/_/g, ' ');
