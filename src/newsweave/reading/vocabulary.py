"""The words that attribute speech and mark stance, in their inflected forms.

The pipeline runs without a lemmatizer (it costs a fifth of the time), so each
verb is listed with the forms news text uses.
"""

from __future__ import annotations


def _forms(*verbs: str) -> frozenset[str]:
    return frozenset(form for verb in verbs for form in verb.split())


# Verbs that introduce someone's words, between marks or not.
QUOTE_VERBS = _forms(
    "say says said saying", "tell tells told telling", "add adds added adding",
    "call calls called calling", "describe describes described describing",
    "refer refers referred referring", "state states stated stating",
    "declare declares declared declaring", "note notes noted noting",
    "warn warns warned warning", "insist insists insisted insisting",
    "claim claims claimed claiming", "write writes wrote written writing",
    "ask asks asked asking", "explain explains explained explaining",
    "quote quotes quoted quoting", "announce announces announced announcing",
    "tweet tweets tweeted tweeting", "post posts posted posting",
    "reply replies replied replying", "respond responds responded responding",
    "admit admits admitted admitting", "acknowledge acknowledges acknowledged acknowledging",
    "argue argues argued arguing", "recall recalls recalled recalling",
    "report reports reported reporting", "confirm confirms confirmed confirming",
    "deny denies denied denying", "allege alleges alleged alleging",
    "suggest suggests suggested suggesting", "predict predicts predicted predicting",
    "promise promises promised promising", "urge urges urged urging",
    "continue continues continued", "joke jokes joked joking",
    "exclaim exclaims exclaimed", "shout shouts shouted", "reveal reveals revealed revealing",
    "concede concedes conceded conceding", "stress stresses stressed stressing",
    "emphasize emphasizes emphasized emphasizing", "emphasise emphasises emphasised emphasising",
    "comment comments commented commenting", "remark remarks remarked",
    "observe observes observed", "gush gushes gushed", "slam slams slammed",
    "blast blasts blasted", "praise praises praised", "hail hails hailed",
    "assert asserts asserted asserting", "maintain maintains maintained",
    "boast boasts boasted", "complain complains complained complaining",
    "recount recounts recounted", "mention mentions mentioned", "wonder wonders wondered",
)
# The verbs of reported speech proper: "X said (that) …", "X told Y (that) …".
SPEECH_VERBS = _forms("say says said saying", "tell tells told telling")
# Verbs whose clause a claim is attributed to, marks or not ("X announced that …").
REPORT_VERBS = _forms(
    "say says said saying", "tell tells told telling", "add adds added adding",
    "state states stated stating", "declare declares declared declaring",
    "note notes noted noting", "warn warns warned warning", "insist insists insisted insisting",
    "claim claims claimed claiming", "write writes wrote writing",
    "explain explains explained explaining", "announce announces announced announcing",
    "admit admits admitted admitting", "acknowledge acknowledges acknowledged acknowledging",
    "argue argues argued arguing", "report reports reported reporting",
    "confirm confirms confirmed confirming", "deny denies denied denying",
    "allege alleges alleged alleging", "assert asserts asserted asserting",
    "tweet tweets tweeted tweeting", "reveal reveals revealed revealing",
    "concede concedes conceded conceding", "stress stresses stressed stressing",
    "emphasize emphasizes emphasized emphasizing", "predict predicts predicted predicting",
    "promise promises promised promising", "maintain maintains maintained",
)
DENY_VERBS = _forms(
    "deny denies denied denying", "reject rejects rejected rejecting",
    "refute refutes refuted refuting", "dismiss dismisses dismissed dismissing",
    "disputes disputed", "rebut rebuts rebutted",
)
ALLEGE_WORDS = frozenset(
    """allege alleges alleged allegedly alleging allegation allegations accuse accuses accused
    accusing accusation accusations suspected reportedly purportedly purported
    rumoured rumored rumor rumors rumour rumours""".split()
)
PERSONAL_PRONOUNS = frozenset({"he", "she"})
