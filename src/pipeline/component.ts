import type { Doc, Layers } from '../doc/doc.ts';

/**
 * A named pipeline step, after spaCy's components: it declares the layer it assigns, keeps a
 * pure `predict` apart from `set`, which writes the prediction into the Doc.
 */
export interface Component<K extends keyof Layers = keyof Layers, P = Layers[K]> {
  readonly name: string;
  readonly assigns: K;
  predict(doc: Doc): P;
  /** Writes the prediction; by default `doc.set(assigns, prediction)`. */
  set?(doc: Doc, prediction: P): void;
  /**
   * Drops what the component has cached about the texts it has seen (not its model), so that a
   * benchmark can time texts that are new to the process, as a user's are.
   */
  forget?(): void;
}

export function apply<K extends keyof Layers, P>(component: Component<K, P>, doc: Doc): void {
  const prediction = component.predict(doc);
  if (component.set) component.set(doc, prediction);
  else doc.set(component.assigns, prediction as unknown as Layers[K]);
}
