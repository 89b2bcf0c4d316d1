"""Language detection: lingua on a restricted language set, plus rules for Uzbek and for
Vietnamese written with loanwords.

lingua is asked to choose among the languages that Gangnam's residents and visitors write in
(LINGUA_LANGUAGES), not all 75 it knows: the fewer candidates, the fewer confusions between
close languages on one-sentence texts, and the smaller the loaded models. Malay is left out on
purpose: lingua cannot tell it from Indonesian on one sentence (5 of the 30 Indonesian texts of
the labelled set came out as Malay), and Indonesians are by far the larger community here;
Malay text is therefore reported as "id".

lingua has no Uzbek (nor Nepali, Khmer, Burmese, Sinhala, Kyrgyz). Uzbek is the largest of
those communities in Seoul, so it gets a rule (see `_looks_uzbek`); Nepali text is reported as
Hindi (same script, no model to tell them apart), and scripts that no candidate uses (Khmer,
Burmese, Sinhala) give "".

Short or ambiguous text: lingua's best guess is returned, never a threshold refusal
(`with_minimum_relative_distance` would turn most two-word texts into None). A text with no
letter at all (emoji, digits, punctuation) gives "".
"""

from __future__ import annotations

import os
import re
import threading
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lingua import LanguageDetector

# ISO 639-1 codes handed to lingua (all are lingua languages).
LINGUA_LANGUAGES: tuple[str, ...] = (
    # the portal's five languages
    "ko", "en", "zh", "ja", "vi",
    # Southeast, South and Central Asia
    "th", "tl", "id", "mn", "kk", "hi", "bn", "ur", "fa", "ta",
    # Europe, the Americas, the Middle East
    "ru", "uk", "es", "fr", "de", "pt", "it", "nl", "pl", "tr", "ar",
)
# Languages recognised by a rule of this module rather than by lingua.
RULE_LANGUAGES: tuple[str, ...] = ("uz",)
SUPPORTED_LANGUAGES: tuple[str, ...] = LINGUA_LANGUAGES + RULE_LANGUAGES

_lock = threading.Lock()
_detector: LanguageDetector | None = None
_detector_pid = 0  # the process that built the detector (and lingua's thread pool)
_code_of: dict = {}


def _get_detector() -> LanguageDetector:
    global _detector, _detector_pid
    if _detector is None:
        with _lock:
            if _detector is None:
                from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

                languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper()))
                             for code in LINGUA_LANGUAGES]
                _code_of.update({lang: lang.iso_code_639_1.name.lower() for lang in languages})
                # Preloaded: ~2.5 s and ~400 MB once per process, then no request pays for
                # loading a language's n-gram tables on the fly.
                _detector = (LanguageDetectorBuilder.from_languages(*languages)
                             .with_preloaded_language_models().build())
                _detector_pid = os.getpid()
    return _detector


def load() -> None:
    """Loads the detector now (otherwise the first detection does)."""
    _get_detector()


# --- Uzbek ----------------------------------------------------------------------------------

# Uzbek Cyrillic letters that Russian, Ukrainian and Mongolian lack; Kazakh shares қ and ғ,
# Belarusian shares ў, Tajik shares ҳ, so the letters only these others use veto the rule.
_UZ_CYRILLIC = frozenset("ўқғҳЎҚҒҲ")
_NOT_UZ_CYRILLIC = frozenset("әөұүіңһӣӯҷыщӘӨҰҮІҢҺӢӮҶЫЩ")
# oʻ and gʻ (the official spelling uses the turned comma ʻ; keyboards give ' ‘ ’ ` ʼ instead)
# and the tutuq belgisi ʼ after a vowel (maʼlumot, aʼlo).
_UZ_LETTERS = re.compile(r"[oOgG][ʻ'‘’`ʼ][a-zA-Z]|[aeiouAEIOU]ʼ[a-z]")
# q before a vowel: frequent in Uzbek (qayta, qil, qoldi), absent from Turkish, Malay,
# Indonesian and Tagalog words ("qu" is left out for English and the Romance languages).
_UZ_Q = re.compile(r"q[aeio]")
# Frequent Uzbek words (function words and feedback vocabulary), apostrophes normalised to '.
_UZ_WORD_LIST = """
va bilan uchun juda emas edi ekan lekin ammo biroq kerak mumkin bor yo'q ko'p
yaxshi yomon rahmat katta kichik hamma barcha endi hali faqat yana keyin oldin qachon
nima nega qanday qayer qayerda shu ular menga bizga sizga bizning sizning
mening ularning bo'ldi bo'ladi bo'lsa bo'lib bo'lgan bo'lardi qildi qilish qilib qiling
qilingan qilindi qiladi qilgan qilsa kerakli tadbir tadbirlar shahar tuman xizmat
xizmatlar odamlar odam bolalar ko'cha avtobus bekat daraxt daraxtlar tozalik
toza iltimos ajoyib yoqdi yoqmadi chiroyli qiziqarli muammo vaqt kecha bugun
ertaga tashkil o'tkazildi o'tdi uchrashuv madaniyat til tilida tilda haqida orqali
ichida tashqarida yangi eski uyda ishlash ishlamaydi ishlamadi ishlaydi
"""
_UZ_WORDS = frozenset(_UZ_WORD_LIST.split())
# Word endings that Malay, Indonesian, Tagalog and Turkish words rarely have (Turkish -lar
# words come with ı ş ç ğ ö ü, which lingua sees first).
_UZ_SUFFIX = re.compile(r"(?:larni|larga|larda|lardan|ning|dagi|ngiz|imiz|moqda|yapti|madi|"
                        r"madim|mayapti|ganman|ganda|gani|ganmi|dimi|rmi|sini|uvchi|goh)$")
_WORD = re.compile(r"[a-zA-Zʻ'‘’`ʼ]+")
_APOSTROPHES = str.maketrans({c: "'" for c in "ʻ‘’`ʼ"})
# What lingua answers for Uzbek text when it has no Uzbek (all Latin-script candidates).
_LATIN_GUESSES = frozenset({"id", "tl", "en", "tr", "nl", "es", "pt", "it", "fr", "de", "pl",
                            "vi"})


def _looks_uzbek(text: str, guess: str) -> bool:
    if any(c in _UZ_CYRILLIC for c in text):
        return not any(c in _NOT_UZ_CYRILLIC for c in text)
    if guess not in _LATIN_GUESSES:
        return False
    words = [w.translate(_APOSTROPHES).strip("'").lower() for w in _WORD.findall(text)]
    if not words:
        return False
    hits = len(_UZ_LETTERS.findall(text))
    for word in words:
        hits += (word in _UZ_WORDS) + bool(_UZ_Q.search(word))
        hits += len(word) > 4 and bool(_UZ_SUFFIX.search(word))
    # Two signals at least, and one per five words, so that a stray "juda" or "O'Brien" in an
    # English sentence does not count. English, Indonesian, Tagalog and Turkish sentences of
    # the labelled set score at most one per nine words; Uzbek ones at least one per five.
    return hits >= 2 and hits >= len(words) / 5


# --- Vietnamese -----------------------------------------------------------------------------

# Letters that among the candidates only Vietnamese writes: ơ ư đ and the vowels with a dot
# below or a hook above (the Latin Extended Additional block U+1EA0-U+1EF9). Other
# languages share á à ã â ê ô with it.
_VI_LETTERS = frozenset("ơưđƠƯĐ") | frozenset(chr(o) for o in range(0x1EA0, 0x1EFA))
_ANY_WORD = re.compile(r"[^\W\d_]+")  # letters only, in any script


def _looks_vietnamese(text: str, guess: str) -> bool:
    """A short Vietnamese text full of loanwords ("Có link livestream chưa ạ?") reads as
    German, Dutch or Tagalog to lingua's n-grams. Two words or more, and a third of all, written
    with letters only Vietnamese uses settle it. Capitalised words do not count: a
    Vietnamese name in another language ("my friend Nguyễn Thị Hương") is not Vietnamese
    text."""
    if guess not in _LATIN_GUESSES or guess == "vi":
        return False
    words = _ANY_WORD.findall(text)
    marked = sum(1 for word in words
                 if word.islower() and any(c in _VI_LETTERS for c in word))
    return marked >= 2 and marked * 3 >= len(words)


# Letters of a script that one candidate language owns (Han is shared by zh and ja, so it only
# counts for zh when there is no kana; Hangul with some Hanja is still Korean).
def _script_language(text: str) -> str:
    hangul = kana = han = thai = letters = 0
    for c in text:
        if not c.isalpha():
            continue
        letters += 1
        o = ord(c)
        if 0xAC00 <= o <= 0xD7A3 or 0x1100 <= o <= 0x11FF or 0x3130 <= o <= 0x318F:
            hangul += 1
        elif 0x3040 <= o <= 0x30FF or 0x31F0 <= o <= 0x31FF or 0xFF66 <= o <= 0xFF9D:
            kana += 1
        elif 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF:
            han += 1
        elif 0x0E00 <= o <= 0x0E7F:
            thai += 1
    if not letters:
        return ""
    # Half the letters or more in one script: lingua's n-grams would only be distracted by
    # the Latin words mixed in ("K-POPイベント…" came out as Dutch).
    if hangul * 2 >= letters:
        return "ko"
    if kana and (kana + han) * 2 >= letters:
        return "ja"
    if han * 2 >= letters and not hangul:
        return "zh"
    if thai * 2 >= letters:
        return "th"
    return ""


# --- Detection ------------------------------------------------------------------------------

def _has_letter(text: str) -> bool:
    return any(unicodedata.category(c).startswith("L") for c in text)


def detect_languages(texts: Sequence[str]) -> list[str]:
    """ISO 639-1 code per text ("" when it cannot be told), in the order given."""
    results = [""] * len(texts)
    todo = []
    for i, text in enumerate(texts):
        if text and _has_letter(text):
            results[i] = _script_language(text)
            if not results[i]:
                todo.append(i)
    if not todo:
        return results
    detector = _get_detector()
    if len(todo) > 1 and _detector_pid == os.getpid():
        # lingua spreads a batch over all cores (Rust threads) without holding the GIL.
        found = detector.detect_languages_in_parallel_of([texts[i] for i in todo])
    else:
        # One text, or a process forked from the one that loaded the models (a Celery worker
        # child whose parent called load(), sharing its memory): lingua's thread pool, started
        # while preloading, did not survive the fork and a parallel call would wait forever.
        found = [detector.detect_language_of(texts[i]) for i in todo]
    for i, language in zip(todo, found, strict=True):
        code = _code_of.get(language, "") if language is not None else ""
        if _looks_uzbek(texts[i], code):
            code = "uz"
        elif _looks_vietnamese(texts[i], code):
            code = "vi"
        results[i] = code
    return results


def detect_language(text: str) -> str:
    return detect_languages([text])[0]
