/**
 * Word lists the claim checker compares with. They are general English and
 * general spine-surgery vocabulary, never phrases from one test sentence.
 * Entries are matched on lower-cased surface words unless said otherwise.
 */

/** Function words: never content for alignment. */
export const STOPWORDS = new Set(
  `a an the and or but nor of to in on at by for from with into onto over under as than then that this these those there here
  it its it's is are was were be been being am do does did doing has have had having i me my we our us you your yours he she him her his
  they them their theirs who whom whose which what when where why how if so such also just only very too quite rather really
  about above after again against before below between both during each further once other same some own through until up down
  out off while because any all few more most many much several either neither not no never nor none can could may might will would
  shall should must ought per via vs etc e.g i.e one's yet still even though although however whereas thus hence therefore moreover
  additionally nonetheless nevertheless furthermore ultimately generally typically usually often commonly frequently sometimes
  always certainly definitely invariably potentially possibly likely perhaps probably especially particularly
  like including include includes included within without among amongst upon
  let lets get gets got getting make makes made making go goes going went gone take takes taken come comes came
  something anything everything nothing someone anyone everyone nobody everybody somebody
  one's whether either`
    .split(/\s+/)
    .filter(Boolean),
);

/** UK → US spellings that a suffix rule cannot handle. */
export const SPELLING: Record<string, string> = {
  anaesthesia: 'anesthesia', anaesthetic: 'anesthetic', anaesthetics: 'anesthetics', anaesthetist: 'anesthetist',
  oedema: 'edema', haemorrhage: 'hemorrhage', haematoma: 'hematoma', paediatric: 'pediatric', orthopaedic: 'orthopedic',
  orthopaedics: 'orthopedics', oesophagus: 'esophagus', fibre: 'fiber', fibres: 'fibers', centre: 'center', centres: 'centers',
  litre: 'liter', litres: 'liters', programme: 'program', programmes: 'programs', ageing: 'aging', disk: 'disc', disks: 'discs',
  diskectomy: 'discectomy', grey: 'gray', tumour: 'tumor', tumours: 'tumors', behaviour: 'behavior', favourable: 'favorable',
  favour: 'favor', favoured: 'favored', colour: 'color', labour: 'labor', manoeuvre: 'maneuver', travelling: 'traveling',
};

/**
 * Synonyms by Porter2 stem: each maps to a canonical stem, so "physiotherapy"
 * meets "physical therapy" and "movement" meets "motion".
 */
export const STEM_SYNONYMS: Record<string, string> = {
  movement: 'motion', move: 'motion', mobil: 'motion',
  oper: 'surgeri',
  peopl: 'patient', individu: 'patient', person: 'patient', candid: 'patient',
  issu: 'problem', difficulti: 'problem', complaint: 'problem',
  substanti: 'signific', marked: 'signific', consider: 'signific',
  quick: 'fast', rapid: 'fast', speedi: 'fast',
  everyday: 'daili',
  main: 'primari', princip: 'primari', key: 'primari',
  research: 'studi', trial: 'studi',
  rough: 'approxim', around: 'approxim',
  complet: 'full', entir: 'full', total: 'full',
  begin: 'start', commenc: 'start',
  lengthi: 'long', prolong: 'long',
  decreas: 'reduc', lessen: 'reduc', diminish: 'reduc', minim: 'reduc',
  eas: 'allevi', reliev: 'allevi', relief: 'allevi',
  requir: 'need', necessit: 'need',
  join: 'fuse', connect: 'fuse',
  result: 'outcom',
  ongo: 'persist', continu: 'persist',
  chang: 'modif', alter: 'modif',
  recurr: 'recur',
  leakag: 'leak',
  harm: 'damag',
  strengthen: 'improv', enhanc: 'improv',
  doctor: 'surgeon', clinician: 'surgeon',
  expertis: 'experi', skill: 'experi',
  deterior: 'wors', worsen: 'wors',
  perman: 'irrevers',
  anesthesia: 'anesthet',
  safer: 'safe',
  stop: 'prevent', avert: 'prevent',
  prosthesi: 'implant', prosthet: 'implant',
  substitut: 'replac',
  eradic: 'elimin', abolish: 'elimin',
  goal: 'aim', purpos: 'aim',
  pressur: 'compress', press: 'compress', imping: 'compress',
  treatment: 'treat',
  ill: 'diseas', disord: 'diseas',
  aris: 'occur', happen: 'occur',
  spinal: 'spine', backbon: 'spine',
  live: 'life',
};

/**
 * Phrases (as stem sequences joined by spaces) read as one canonical stem.
 * Applied before single-stem synonyms.
 */
export const PHRASE_SYNONYMS: Array<[string, string]> = [
  ['physic therapi', 'physiotherapi'],
  ['physic therapist', 'physiotherapi'],
  ['slip disc', 'herniat disc'],
  ['bulg disc', 'herniat disc'],
  ['prolaps disc', 'herniat disc'],
  ['come back', 'recur'],
  ['came back', 'recur'],
  ['get back', 'return'],
  ['go back', 'return'],
  ['take away', 'remov'],
  ['taken away', 'remov'],
  ['cut out', 'remov'],
  ['spinal fluid', 'cerebrospin fluid'],
  ['spine fluid', 'cerebrospin fluid'],
  ['blood clot', 'thrombosi'],
  ['clot', 'thrombosi'],
  ['lower back', 'lumbar'],
  ['low back', 'lumbar'],
  ['health care', 'healthcar'],
  ['quality of life', 'wellb'],
  ['well be', 'wellb'],
];

// ---------------------------------------------------------------- negation (NegEx)

/** Words that negate what follows (within the scope window). */
export const NEGATION_TRIGGERS = new Set([
  'not', 'no', 'never', 'without', 'cannot', 'none', 'neither', 'nor', 'nobody', 'nothing', 'unable', 'lack', 'lacks', 'lacking',
  'absence', 'absent', 'free', 'unlikely',
]);
/** Two-word triggers (stems of surface words). */
export const NEGATION_PHRASES: Array<[string, string]> = [
  ['fail', 'to'], ['fails', 'to'], ['failed', 'to'], ['rather', 'than'], ['instead', 'of'], ['no', 'longer'],
];
/** Trigger-looking phrases that do not negate. */
export const PSEUDO_NEGATIONS: Array<string[]> = [['not', 'only'], ['no', 'doubt'], ['not', 'just'], ['whether', 'or', 'not'], ['no', 'matter']];
/** Words that end a negation scope. */
export const SCOPE_TERMINATORS = new Set([
  'but', 'however', 'although', 'though', 'which', 'who', 'whom', 'whose', 'while', 'whereas', 'because', 'since', 'so', 'yet',
  'if', 'when', 'unless', 'except', 'even', 'despite', 'as', 'once', 'whilst', 'where', 'until', 'therefore', 'thus',
]);
/** Predicates of existence: "X cannot happen" negates X too. */
export const EXISTENCE_VERBS = new Set(['happen', 'happens', 'occur', 'occurs', 'arise', 'arises', 'exist', 'exists', 'possible', 'develop', 'develops']);
/** How many content words a negation reaches. */
export const SCOPE_WINDOW = 6;

// ---------------------------------------------------------------- modality

/** Hedges: the claim is possible, typical or intended, not certain. */
export const HEDGES = new Set([
  'may', 'might', 'can', 'could', 'often', 'usually', 'generally', 'typically', 'commonly', 'frequently', 'sometimes', 'occasionally',
  'potential', 'potentially', 'possible', 'possibly', 'possibility', 'likely', 'tend', 'tends', 'aim', 'aims', 'aimed', 'perhaps',
  'probably', 'suggest', 'suggests', 'help', 'helps', 'typical', 'mostly', 'largely',
]);
/** Certainty: the claim is asserted as certain or universal in time. */
export const CERTAINTY = new Set([
  'will', 'always', 'guarantee', 'guarantees', 'guaranteed', 'certainly', 'definitely', 'invariably', 'ensure', 'ensures', 'ensured',
  'inevitably', 'undoubtedly', 'surely', 'assured', 'assures', 'promise', 'promises', "won't", 'certain',
]);
/** Negations that deny a harm exists ("no risk", "never", "risk-free"), and verbs through which "not" does ("does not cause"). */
export const EXISTENCE_DENIALS = new Set(['no', 'never', 'free', 'without', 'none', 'nothing', 'zero', 'cannot']);
export const CAUSATIVE_VERBS = new Set([
  'lead', 'leads', 'cause', 'causes', 'carry', 'carries', 'have', 'has', 'involve', 'involves', 'pose', 'poses', 'result', 'results',
  'bring', 'brings', 'experience', 'feel', 'get', 'develop', 'suffer', 'happen', 'occur', 'come', 'produce', 'produces', 'create', 'creates',
]);
/** Words that intensify a claim into an absolute one ("fully resolves", "completely safe"). */
export const INTENSIFIERS = new Set(['fully', 'completely', 'entirely', 'totally', 'permanently', 'absolutely', 'perfectly', 'forever']);

// ---------------------------------------------------------------- quantifiers

/** Population quantifiers by level: 0 none, 1 few, 2 some, 3 many, 4 most, 5 all. */
export const QUANTIFIER_LEVEL: Record<string, number> = {
  no: 0, none: 0, nobody: 0, 'no one': 0, 'no-one': 0,
  few: 1, 'a few': 1, 'a minority': 1, rare: 1, rarely: 1,
  some: 2, certain: 2, selected: 2, suitable: 2, appropriate: 2, 'a number': 3, several: 2,
  many: 3, numerous: 3, 'a lot': 3, lots: 3,
  most: 4, majority: 4, 'the majority': 4, 'the vast majority': 4, 'nearly all': 4, 'almost all': 4, 'most of': 4,
  all: 5, every: 5, everyone: 5, everybody: 5, each: 5, any: 5, anyone: 5, entire: 5, whole: 5, 'all of': 5,
};
/** Quantifiers that are themselves a population ("everyone"). */
export const QUANTIFIER_PRONOUNS = new Set(['everyone', 'everybody', 'anyone', 'nobody', 'no one', 'no-one']);
/** Heads that make a quantifier a claim about how many patients or cases. */
export const POPULATION_HEADS = new Set([
  'patient', 'patients', 'people', 'person', 'persons', 'individual', 'individuals', 'case', 'cases', 'candidate', 'candidates',
  'adult', 'adults', 'athlete', 'athletes', 'those', 'sufferers', 'men', 'women', 'children', 'users', 'instances',
]);
/** Words after a bare quantifier that make it a population ("many suffering from", "some who"). */
export const POPULATION_FOLLOWERS = new Set(['who', 'with', 'suffering', 'having', 'undergoing', 'facing', 'to']);
/** Partitive scale over things: part (2) vs whole (5). */
export const PARTITIVE_LEVEL: Record<string, number> = {
  'a portion': 2, portion: 2, part: 2, 'parts': 2, 'some of': 2, piece: 2, section: 2, fragment: 2,
  entire: 5, whole: 5, 'all of': 5, complete: 5,
};

// ---------------------------------------------------------------- direction

/** Direction words: axis and sign (+ up/better/longer/bigger/kept, − down/worse/shorter/smaller/lost). */
export const DIRECTION: Record<string, Array<[string, 1 | -1]>> = {
  increase: [['amount', 1]], increases: [['amount', 1]], increased: [['amount', 1]], increasing: [['amount', 1]],
  more: [['amount', 1]], higher: [['amount', 1]], greater: [['amount', 1]], rise: [['amount', 1]], rises: [['amount', 1]],
  raise: [['amount', 1]], raises: [['amount', 1]], raised: [['amount', 1]], heighten: [['amount', 1]], boost: [['amount', 1]],
  boosts: [['amount', 1]], elevate: [['amount', 1]], elevated: [['amount', 1]], maximize: [['amount', 1]], exacerbate: [['amount', 1], ['quality', -1]],
  exacerbates: [['amount', 1], ['quality', -1]], aggravate: [['amount', 1], ['quality', -1]], aggravates: [['amount', 1], ['quality', -1]],
  worsen: [['amount', 1], ['quality', -1]], worsens: [['amount', 1], ['quality', -1]], worsened: [['amount', 1], ['quality', -1]],
  worsening: [['amount', 1], ['quality', -1]],
  decrease: [['amount', -1]], decreases: [['amount', -1]], decreased: [['amount', -1]], reduce: [['amount', -1]], reduces: [['amount', -1]],
  reduced: [['amount', -1]], reducing: [['amount', -1]], reduction: [['amount', -1]], less: [['amount', -1]], fewer: [['amount', -1]],
  lower: [['amount', -1]], lowers: [['amount', -1]], lowered: [['amount', -1]], decline: [['amount', -1]], declines: [['amount', -1]],
  diminish: [['amount', -1]], diminishes: [['amount', -1]], lessen: [['amount', -1]], lessens: [['amount', -1]], minimize: [['amount', -1]],
  minimizes: [['amount', -1]], minimizing: [['amount', -1]], alleviate: [['amount', -1], ['quality', 1]], alleviates: [['amount', -1], ['quality', 1]],
  alleviating: [['amount', -1], ['quality', 1]], alleviated: [['amount', -1], ['quality', 1]], relieve: [['amount', -1], ['quality', 1]],
  relieves: [['amount', -1], ['quality', 1]], relieving: [['amount', -1], ['quality', 1]], ease: [['amount', -1], ['quality', 1]],
  eases: [['amount', -1], ['quality', 1]], easing: [['amount', -1], ['quality', 1]],
  better: [['quality', 1]], improve: [['quality', 1]], improves: [['quality', 1]], improved: [['quality', 1]], improving: [['quality', 1]],
  improvement: [['quality', 1]], enhance: [['quality', 1], ['amount', 1]], enhances: [['quality', 1], ['amount', 1]], enhanced: [['quality', 1], ['amount', 1]], favorable: [['quality', 1]],
  worse: [['quality', -1]], deteriorate: [['quality', -1]], deteriorates: [['quality', -1]], deterioration: [['quality', -1]],
  poorer: [['quality', -1]], impair: [['quality', -1]], impairs: [['quality', -1]], unfavorable: [['quality', -1]],
  longer: [['time', 1]], lengthy: [['time', 1]], slower: [['time', 1]], prolonged: [['time', 1]], delayed: [['time', 1]], extended: [['time', 1]],
  shorter: [['time', -1]], quicker: [['time', -1]], faster: [['time', -1]], sooner: [['time', -1]], brief: [['time', -1]], briefer: [['time', -1]],
  larger: [['size', 1]], bigger: [['size', 1]], wider: [['size', 1]], widen: [['size', 1]], widening: [['size', 1]], widens: [['size', 1]],
  enlarge: [['size', 1]], expand: [['size', 1]], expansion: [['size', 1]],
  smaller: [['size', -1]], narrower: [['size', -1]], narrowing: [['size', -1]], narrow: [['size', -1]], narrows: [['size', -1]],
  shrink: [['size', -1]], tiny: [['size', -1]],
  preserve: [['keep', 1]], preserves: [['keep', 1]], preserving: [['keep', 1]], preservation: [['keep', 1]], maintain: [['keep', 1]],
  maintains: [['keep', 1]], maintaining: [['keep', 1]], retain: [['keep', 1]], retains: [['keep', 1]], keep: [['keep', 1]], keeps: [['keep', 1]],
  eliminate: [['keep', -1], ['amount', -1]], eliminates: [['keep', -1], ['amount', -1]], eliminating: [['keep', -1], ['amount', -1]], elimination: [['keep', -1], ['amount', -1]], lose: [['keep', -1], ['amount', -1]],
  loses: [['keep', -1], ['amount', -1]], loss: [['keep', -1], ['amount', -1]], restrict: [['keep', -1], ['amount', -1]], restricts: [['keep', -1], ['amount', -1]], limit: [['keep', -1], ['amount', -1]], limits: [['keep', -1], ['amount', -1]],
  limiting: [['keep', -1], ['amount', -1]],
};

// ---------------------------------------------------------------- absolute claims

/** Stems of harms: denying them where a source names them is an absolute claim. */
export const RISK_STEMS = new Set([
  'risk', 'complic', 'infect', 'bleed', 'thrombosi', 'tear', 'leak', 'discomfort', 'limit', 'problem', 'damag', 'injuri', 'recur',
  'revis', 'side', 'failur', 'danger', 'advers', 'pain', 'persist', 'numb', 'weak', 'instabl', 'degener', 'death', 'paralysi',
  'hemorrhag', 'reaction', 'setback', 'scar',
]);
/** Surface words of cure-all claims (positive absolutes). */
export const ABSOLUTE_POSITIVE = new Set(['cure-all', 'cure', 'cures', 'cured', 'panacea', 'miracle', 'risk-free', 'foolproof', 'flawless', 'harmless', 'painless']);

// ---------------------------------------------------------------- procedures

/** Procedure families: a child is a kind of its parent (ids from the bundled taxonomy). */
export const PROCEDURE_PARENTS: Record<string, string> = {
  tlif: 'spinal-fusion',
  llif: 'spinal-fusion',
  laminectomy: 'decompression',
  foraminotomy: 'decompression',
  discectomy: 'decompression',
};
/** Approaches that combine with any procedure (never the procedure a property belongs to). */
export const PROCEDURE_APPROACHES = new Set(['minimally-invasive', 'endoscopic']);
/** Words before a procedure name that make it a circumstance, not the subject. */
export const NON_SUBJECT_BEFORE = new Set([
  'after', 'before', 'following', 'during', 'than', 'unlike', 'like', 'versus', 'vs', 'instead', 'rather', 'compared', 'to', 'with',
  'without', 'from', 'for', 'of', 'since', 'as', 'alongside', 'besides', 'post', 'pre',
]);
