/**
 * Words that carry no topic: English function words plus the fillers of conversational speech
 * ("um", "uh", "yeah", "you know", "I mean"...). They are kept in the token stream (so exact phrases and
 * quotes still match) but are neither indexed nor used to rank.
 */

const ENGLISH = `a about above after again against all almost along already also although always am among an and
another any anybody anyone anything anyway anywhere are aren't around as at be became because become becomes been
before being below beside besides between beyond both but by can can't cannot could couldn't did didn't do does
doesn't doing don't done down during each either else enough etc even ever every everybody everyone everything
few for from further had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself him
himself his how how's however i i'd i'll i'm i've if in into is isn't it it'd it'll it's its itself just let
let's many may maybe me might mine more most much must mustn't my myself neither no nor not nothing now of off
often on once one ones only onto or other others otherwise our ours ourselves out over own per perhaps quite
rather same shall shan't she she'd she'll she's should shouldn't since so some somebody someone something
sometimes somewhat still such than that that's the their theirs them themselves then there there's therefore
these they they'd they'll they're they've this those though through thus till to too toward towards under until
up upon us very via was wasn't we we'd we'll we're we've were weren't what what's whatever when when's whenever
where where's whereas wherever whether which while who who's whoever whom whose why why's will with within without
won't would wouldn't yet you you'd you'll you're you've your yours yourself yourselves`;

const FILLERS = `um umm uh uhh uhm er erm ah ahh eh hm hmm hmmm mm mmm mhm mm-hmm uh-huh huh oh ooh ok okay yeah yep
yup yes nope nah hey hi well like gonna wanna gotta kinda sorta actually basically literally really just
thing things stuff know mean guess anyway right alright whatsoever lot lots got gotten get gets getting say says
said saying would've could've should've there'll`;

const WORDS = new Set(
  `${ENGLISH} ${FILLERS}`.split(/\s+/).filter(Boolean),
);

/** True when `term` (a normalised token) carries no topic. */
export function isStopword(term: string): boolean {
  return WORDS.has(term) || (term.length === 1 && !/\d/.test(term));
}

