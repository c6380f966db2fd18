"""Spot messages that look like an emergency, so the bot answers with 112 before anything else.

Tuned on the labelled messages in tests/data/emergency_messages.tsv (Indonesian, Jakarta slang,
English, typos). A missed emergency costs far more than a needless 112 notice, so the rules lean
towards answering: a message is calm only when it reads as a question, a lesson, a plan or the past
and says nothing that is plainly happening to someone now.
"""

from __future__ import annotations

import re
from itertools import groupby

# Slang and short forms people type in a hurry, mapped to the word the rules know.
_SLANG = {
    "tlg": "tolong",
    "tlng": "tolong",
    "tulung": "tolong",
    "tolongin": "tolong",
    "skrg": "sekarang",
    "skrng": "sekarang",
    "skg": "sekarang",
    "skr": "sekarang",
    "udh": "sudah",
    "udah": "sudah",
    "sdh": "sudah",
    "dah": "sudah",
    "bnjr": "banjir",
    "banjr": "banjir",
    "gmn": "gimana",
    "sampe": "sampai",
    "nafas": "napas",
    "ga": "tidak",
    "gak": "tidak",
    "nggak": "tidak",
    "enggak": "tidak",
    "tdk": "tidak",
    "kesetrum": "tersetrum",
    "ketimbun": "tertimbun",
    "ketimpa": "tertimpa",
    "ketiban": "tertimpa",
    "nimpa": "tertimpa",
    "menimpa": "tertimpa",
    "damkar": "pemadam",
}
# Uses of alarming words that are not alarming.
_HARMLESS = re.compile(
    r"\b(pemadam(an)? (kebakaran|api)|kebanjiran (order\w*|pesanan|pembeli|pelanggan|rezeki|"
    r"tawaran)|api unggun|flood of)\b"
)
# Said alone, these mean someone is in danger.
_DANGER = {
    "darurat",
    "sos",
    "emergency",
    "kebakaran",
    "terbakar",
    "tenggelam",
    "hanyut",
    "terjebak",
    "terperangkap",
    "korban",
    "pingsan",
    "kejang",
    "berdarah",
    "tersetrum",
    "tertimbun",
    "tertimpa",
    "roboh",
    "ambruk",
    "jebol",
    "meledak",
    "kebanjiran",
    "terendam",
    "fire",
    "burning",
    "trapped",
    "stuck",
    "drowning",
    "fainted",
    "collapsed",
    "bleeding",
    "buried",
    "unconscious",
    "injured",
}
_DANGER_PHRASES = re.compile(
    r"\b(sesak napas|susah napas|tidak (bisa )?bernapas|tidak sadar\w*|tersengat listrik|"
    r"asap tebal|gas bocor|pohon tumbang|cant breathe|cannot breathe|not breathing|"
    r"on fire|help (me|us)|send help|need help|please help|help please)\b"
)
# A request for help or rescue: `mohon bantuan evakuasi`, `we need rescue`.
_REQUEST = re.compile(
    r"\b(mohon|minta|butuh|perlu|need|needs|send)( \w+){0,2} (bantuan|tolong|pertolongan|"
    r"evakuasi|ambulans|perahu|help|rescue|evacuate|evacuation|ambulance)\b"
)
# `tolong` is also "please": `tolong jelaskan`, `tolong kirim modul` are requests, not cries.
_POLITE = {
    "jelaskan",
    "kirim",
    "kirimkan",
    "ulangi",
    "ulang",
    "kasih",
    "beri",
    "berikan",
    "tampilkan",
    "tunjukkan",
    "info",
    "infokan",
    "cek",
    "lanjut",
    "lanjutkan",
    "ganti",
}
# Hazards: an emergency when the message also says it is happening now.
_HAZARDS = {
    "banjir",
    "gempa",
    "longsor",
    "tsunami",
    "rob",
    "api",
    "apinya",
    "asap",
    "genangan",
    "evakuasi",
    "mengungsi",
    "meluap",
    "flood",
    "flooding",
    "flooded",
    "earthquake",
    "landslide",
    "smoke",
    "evacuate",
}
_NOW = re.compile(
    r"\b(sekarang|barusan|sedang|lagi|sudah|mulai|naik|makin|tinggi|terus|deras|kenceng|"
    r"kencang|now|just|rising|coming|into|inside|currently)\b"
)
# Said even in a question, these mean it is happening to someone now.
_URGENT = re.compile(
    r"\b(se(pinggang|dada|leher|lutut|paha)|setinggi \w+|sampai (atap|kasur|plafon|dada|leher)|"
    r"masuk (ke )?rumah|ke atap|terjebak|tenggelam|pingsan|trapped|drowning|up to (my|our) \w+|"
    r"waist|chest|into the house|in my house|(air|water)( \w+){0,2} (naik|meluap|rising|coming))\b"
)
# A question, a lesson, a plan, a hypothetical or the past.
_QUESTION_START = {
    "apa",
    "apakah",
    "bagaimana",
    "gimana",
    "kenapa",
    "mengapa",
    "kapan",
    "berapa",
    "dimana",
    "siapa",
    "bisakah",
    "bolehkah",
    "adakah",
    "what",
    "how",
    "why",
    "when",
    "where",
    "which",
    "who",
    "is",
    "are",
    "can",
    "could",
    "does",
    "do",
    "should",
}
_CALM = re.compile(
    r"\b(kalau|jika|bila|apabila|seandainya|misalnya|belajar|soal|modul|kuis|materi|pelajaran|"
    r"pelatihan|latihan|simulasi|tips|cara|tanya|jelaskan|artinya|arti|sejarah|berita|film|"
    r"kemarin|dulu|pernah|tahun lalu|minggu lalu|surut|if|learning|lesson|quiz|module|drill|"
    r"explain|last year|yesterday|di mana|19\d\d|20\d\d)\b"
)
_WORD = re.compile(r"[a-z0-9]+")


def _squeeze(word: str) -> str:
    """`tolooong` and `tolong`, `helppp` and `help` compare equal."""
    return "".join(letter for letter, _ in groupby(word))


def _near(word: str, lexicon: frozenset[str]) -> bool:
    """In the lexicon, or (for words of 6+ letters) one typo away from a word in it."""
    if word in lexicon:
        return True
    return len(word) >= 6 and any(len(known) >= 6 and _one_edit(word, known) for known in lexicon)


def _one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


_SQUEEZED = {word: _squeeze(word) for word in (*_DANGER, *_HAZARDS)}
_DANGER_SQ = frozenset(_SQUEEZED[w] for w in _DANGER)
_HAZARDS_SQ = frozenset(_SQUEEZED[w] for w in _HAZARDS)
_SLANG_SQ = {_squeeze(k): v for k, v in _SLANG.items()}


def _words(text: str) -> list[str]:
    raw = _WORD.findall(text.casefold().replace("'", "").replace("’", ""))
    squeezed = [_squeeze(word) for word in raw]
    return [
        _SLANG.get(word) or _SLANG_SQ.get(sq) or word
        for word, sq in zip(raw, squeezed, strict=True)
    ]


def _cries_for_help(words: list[str]) -> bool:
    """`tolong` or `help` as a cry rather than a polite "please"."""
    for index, word in enumerate(words):
        after = words[index + 1] if index + 1 < len(words) else ""
        if word == "tolong" and after not in _POLITE:
            return True
    return words in (["help"], ["help", "me"], ["help", "us"])


def looks_like_emergency(text: str | None) -> bool:
    """True when the text reads like a call for help or a disaster happening to someone now."""
    if not text:
        return False
    words = _words(text)
    if not words:
        return False
    joined = _HARMLESS.sub(" ", " ".join(words))
    words = joined.split()
    urgent = bool(_URGENT.search(joined))
    calm = text.rstrip().endswith("?") or words[0] in _QUESTION_START or bool(_CALM.search(joined))
    if calm and not urgent:
        return False
    squeezed = [_squeeze(word) for word in words]
    if (
        urgent
        or _cries_for_help(words)
        or any(_near(w, _DANGER_SQ) for w in squeezed)
        or _DANGER_PHRASES.search(joined)
        or _REQUEST.search(joined)
    ):
        return True
    hazards = [i for i, w in enumerate(squeezed) if _near(w, _HAZARDS_SQ)]
    if not hazards:
        return False
    arrived = any(i > 0 and words[i - 1] == "ada" for i in hazards)  # `ada api di dapur`
    return arrived or "!" in text or bool(_NOW.search(joined))
