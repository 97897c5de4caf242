/**
 * The 14 technique classes of SemEval-2020 Task 11 (names exactly as in PTC's techniques.txt),
 * each with a one-sentence explanation for readers and an invented example.
 */
export const TECHNIQUES = [
  'Appeal_to_Authority',
  'Appeal_to_fear-prejudice',
  'Bandwagon,Reductio_ad_hitlerum',
  'Black-and-White_Fallacy',
  'Causal_Oversimplification',
  'Doubt',
  'Exaggeration,Minimisation',
  'Flag-Waving',
  'Loaded_Language',
  'Name_Calling,Labeling',
  'Repetition',
  'Slogans',
  'Thought-terminating_Cliches',
  'Whataboutism,Straw_Men,Red_Herring',
] as const;

export type Technique = (typeof TECHNIQUES)[number];

export interface TechniqueInfo {
  name: Technique;
  label: string;
  explanation: string;
  example: string;
}

export const TAXONOMY: Record<Technique, TechniqueInfo> = {
  Appeal_to_Authority: {
    name: 'Appeal_to_Authority',
    label: 'Appeal to authority',
    explanation: 'Treats a claim as true because an official, expert or famous person said it, instead of showing evidence.',
    example: 'The minister himself confirmed that the vaccine is a trap, so there is nothing left to discuss.',
  },
  'Appeal_to_fear-prejudice': {
    name: 'Appeal_to_fear-prejudice',
    label: 'Appeal to fear or prejudice',
    explanation: 'Builds support by making the reader afraid of an outcome or of a group, rather than by arguing the case.',
    example: 'If the border opens, our towns will be overrun within a month.',
  },
  'Bandwagon,Reductio_ad_hitlerum': {
    name: 'Bandwagon,Reductio_ad_hitlerum',
    label: 'Bandwagon / Reductio ad Hitlerum',
    explanation: 'Urges the reader to agree because everyone else does, or to reject an idea because a hated group holds it.',
    example: 'Every sensible family in the valley has already signed; only extremists still object.',
  },
  'Black-and-White_Fallacy': {
    name: 'Black-and-White_Fallacy',
    label: 'Black-and-white fallacy',
    explanation: 'Presents two options as the only ones possible, hiding the alternatives.',
    example: 'Either we ban the festival or we hand the city to the rioters.',
  },
  Causal_Oversimplification: {
    name: 'Causal_Oversimplification',
    label: 'Causal oversimplification',
    explanation: 'Blames a complex outcome on a single cause.',
    example: 'Prices rose this winter for one reason only: the new mayor.',
  },
  Doubt: {
    name: 'Doubt',
    label: 'Doubt',
    explanation: 'Questions the credibility of a person or institution to undermine them without evidence.',
    example: 'Can we really trust a committee that has never once admitted a mistake?',
  },
  'Exaggeration,Minimisation': {
    name: 'Exaggeration,Minimisation',
    label: 'Exaggeration / minimisation',
    explanation: 'Makes something look far bigger or far smaller than it is.',
    example: 'The tiny protest was the largest uprising the region has ever seen.',
  },
  'Flag-Waving': {
    name: 'Flag-Waving',
    label: 'Flag-waving',
    explanation: 'Plays on patriotism or group pride to justify an idea or action.',
    example: 'Any true patriot will stand behind our brave soldiers on this.',
  },
  Loaded_Language: {
    name: 'Loaded_Language',
    label: 'Loaded language',
    explanation: 'Uses words with strong emotional charge to sway the reader rather than inform.',
    example: 'The reckless scheme unleashed a catastrophic wave of chaos.',
  },
  'Name_Calling,Labeling': {
    name: 'Name_Calling,Labeling',
    label: 'Name calling / labeling',
    explanation: 'Attaches an insulting or admiring label to a person or group instead of describing what they do.',
    example: 'The puppet regime and its cronies met again on Tuesday.',
  },
  Repetition: {
    name: 'Repetition',
    label: 'Repetition',
    explanation: 'Repeats the same message or phrase so that it sticks and feels true.',
    example: 'They lied about the dam. They lied about the floods. They lied about everything.',
  },
  Slogans: {
    name: 'Slogans',
    label: 'Slogan',
    explanation: 'A brief, striking phrase that packs a stance into a catchy formula.',
    example: 'One nation, one voice, one future!',
  },
  'Thought-terminating_Cliches': {
    name: 'Thought-terminating_Cliches',
    label: 'Thought-terminating cliché',
    explanation: 'A stock phrase that discourages further thinking or discussion.',
    example: 'It is what it is, and that is the end of it.',
  },
  'Whataboutism,Straw_Men,Red_Herring': {
    name: 'Whataboutism,Straw_Men,Red_Herring',
    label: 'Whataboutism / straw man / red herring',
    explanation: 'Deflects by pointing at the opponent\'s faults, misrepresenting their view, or changing the subject.',
    example: 'Why worry about our pollution when the neighbours pollute far more?',
  },
};
