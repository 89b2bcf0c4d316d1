"""The offline feedback analysis (apps.feedback.analysis): contract, quality, reproducibility.

The sentences below are written for these tests and are not in the labelled set (one test
checks that). Loading the models takes a few seconds, once per test session.
"""

from __future__ import annotations

import dataclasses
import json
import multiprocessing
import shutil
import threading
from pathlib import Path

import numpy as np
import pytest
from django.core.management import call_command

from apps.feedback import analysis
from apps.feedback.analysis import Analysis, analyze_text, analyze_texts, classifier, training

SENTIMENTS = {"positive", "neutral", "negative"}
AXES = {"tech", "culture", "green", "inclusion", "other"}

# One natural sentence per language: 27 languages.
LANGUAGE_SENTENCES = {
    "ko": "지난주 구청에서 열린 설명회는 정말 유익했습니다.",
    "en": "The shuttle bus from the station was late again this morning.",
    "zh": "我觉得这次活动安排得非常周到，下次还想参加。",
    "ja": "駅から会場までの案内がわかりやすくて助かりました。",
    "vi": "Buổi hội thảo hôm qua rất bổ ích và nhân viên rất nhiệt tình.",
    "th": "ฉันชอบกิจกรรมครั้งนี้มาก อยากให้จัดอีกในปีหน้า",
    "tl": "Sobrang saya ng programa at marami akong natutunan tungkol sa kultura ng Korea.",
    "id": "Saya sangat senang bisa ikut acara ini bersama keluarga saya.",
    "mn": "Энэ арга хэмжээнд оролцсондоо би их баяртай байна.",
    "kk": "Бұл іс-шара маған қатты ұнады, келесі жылы міндетті түрде қатысамын.",
    "hi": "मुझे यह कार्यक्रम बहुत पसंद आया और मैं अगले साल फिर आऊँगा।",
    "bn": "অনুষ্ঠানটি খুব সুন্দরভাবে আয়োজন করা হয়েছিল।",
    "ur": "مجھے یہ پروگرام بہت پسند آیا اور میں اگلے سال دوبارہ آؤں گا۔",
    "fa": "برنامه خیلی خوب برگزار شد و من از شرکت در آن لذت بردم.",
    "ta": "இந்த நிகழ்ச்சி மிகவும் நன்றாக இருந்தது.",
    "ru": "Мне очень понравилось мероприятие, спасибо организаторам.",
    "uk": "Мені дуже сподобався захід, дякую організаторам за чудову роботу.",
    "es": "El evento estuvo muy bien organizado y la comida era deliciosa.",
    "fr": "L'accueil était chaleureux et les bénévoles étaient très serviables.",
    "de": "Die Veranstaltung war gut organisiert, aber die Schlange am Eingang war viel zu lang.",
    "pt": "Gostei muito do evento, mas a fila para entrar estava enorme.",
    "it": "La manifestazione è stata organizzata molto bene e il personale era gentilissimo.",
    "nl": "Het evenement was goed georganiseerd, maar de wachtrij bij de ingang was veel te lang.",
    "pl": "Wydarzenie było świetnie zorganizowane, a wolontariusze bardzo pomocni.",
    "tr": "Etkinlik çok güzel organize edilmişti, gönüllüler de çok yardımseverdi.",
    "ar": "كانت الفعالية منظمة بشكل رائع والمتطوعون كانوا متعاونين جدا.",
    "uz": "Tadbir juda yaxshi tashkil qilingan edi, koʻngillilarga katta rahmat.",
}

# Harder cases: the Uzbek rule (Cyrillic, ASCII apostrophes) and what must not trigger it,
# very short texts, Latin words inside CJK text.
LANGUAGE_EDGE_CASES = [
    ("uz", "Тадбир жуда яхши ташкил қилинган эди, раҳмат!"),
    ("uz", "Avtobus bekatida nogironlar aravachasi uchun pandus yo'q."),
    ("uz", "Ro'yxatdan o'tish sahifasi telefonda ochilmayapti."),
    ("en", "Mr O'Brien gave a great talk about the new bus lanes."),
    ("en", "Great talk, thanks!"),
    ("id", "Acaranya seru sekali, terima kasih panitia!"),
    ("tr", "Otobüsler sabahları çok kalabalık oluyor."),
    ("kk", "Рахмет, бәрі өте жақсы болды."),
    ("ko", "좋아요"),
    ("ja", "ありがとう"),
    ("zh", "谢谢"),
    ("ja", "K-POPのステージ、最高でした！"),
    ("ko", "QR 체크인 빨라서 좋았어요 👍"),
    # Vietnamese full of loanwords: lingua alone answers Dutch and Tagalog. A Vietnamese name
    # in a German sentence leaves it German.
    ("vi", "Có link zoom chưa ạ?"),
    ("vi", "Slide của speaker tải ở đâu ạ?"),
    ("de", "Die Rede von Trần Thị Mai war großartig"),
    ("fr", "Merci à Trần Thị Mai"),
]

SENTIMENT_CASES = {
    "ko": [("행사 진행이 매끄럽고 직원분들도 친절해서 정말 만족스러웠어요.", "positive"),
           ("안내가 엉망이라 한 시간 넘게 헤매다가 결국 그냥 돌아왔어요. 너무 실망했습니다.",
            "negative")],
    "en": [("Fantastic event, the staff were friendly and everything ran smoothly. Thank you!",
            "positive"),
           ("Terrible organisation, we waited two hours and nobody told us anything. "
            "Very disappointed.", "negative")],
    "zh": [("活动组织得非常好，工作人员也很热情，我非常满意！", "positive"),
           ("现场一片混乱，排了两个小时的队也没人管，太失望了。", "negative")],
    "ja": [("スタッフの皆さんがとても親切で、本当に楽しい一日になりました。"
            "ありがとうございました！", "positive"),
           ("案内がひどくて、一時間以上待たされました。本当にがっかりです。", "negative")],
    "vi": [("Sự kiện được tổ chức rất tốt, nhân viên thân thiện, mình rất hài lòng!", "positive"),
           ("Tổ chức quá tệ, phải chờ hai tiếng mà không ai hướng dẫn. Rất thất vọng.",
            "negative")],
}

AXIS_CASES = {
    "ko": [("모바일 앱으로 QR 체크인하고 온라인으로 신청하는 시스템이 편리했어요.", "tech"),
           ("전통 음악 공연과 한복 체험이 인상 깊었습니다.", "culture"),
           ("일회용 플라스틱 대신 다회용 컵을 쓰고 분리수거를 철저히 해서 좋았어요.", "green"),
           ("외국인 주민을 위한 통역과 휠체어 접근성이 잘 준비되어 있었어요.", "inclusion"),
           ("주차장이 어디에 있는지 알려주세요.", "other")],
    "en": [("The online registration app and QR code check-in worked well.", "tech"),
           ("The traditional music performance and the calligraphy workshop were lovely.",
            "culture"),
           ("Great to see reusable cups instead of plastic and proper recycling bins.", "green"),
           ("Sign language interpreters and wheelchair ramps made the event accessible to "
            "everyone.", "inclusion"),
           ("Where is the nearest parking lot?", "other")],
    "zh": [("手机APP在线报名和扫码签到都很方便。", "tech"),
           ("传统音乐演出和书法体验让我感受到了韩国文化。", "culture"),
           ("现场用可重复使用的杯子代替一次性塑料杯，垃圾分类也做得很好。", "green"),
           ("为外国居民提供了翻译，还有轮椅通道，照顾到了每个人。", "inclusion"),
           ("请问停车场在哪里？", "other")],
    "ja": [("アプリでのオンライン申し込みとQRコードでの受付がスムーズでした。", "tech"),
           ("伝統音楽の公演と書道体験がとても印象に残りました。", "culture"),
           ("使い捨てのプラスチックではなくリユースカップを使っていて、ごみの分別も徹底していました。",
            "green"),
           ("外国人住民のための通訳や車椅子用のスロープがあって、誰でも参加しやすかったです。",
            "inclusion"),
           ("駐車場はどこにありますか？", "other")],
    "vi": [("Đăng ký trực tuyến qua ứng dụng và check-in bằng mã QR rất tiện.", "tech"),
           ("Buổi biểu diễn âm nhạc truyền thống và lớp thư pháp rất hay.", "culture"),
           ("Dùng cốc tái sử dụng thay cho cốc nhựa dùng một lần và phân loại rác rất tốt.",
            "green"),
           ("Có phiên dịch cho cư dân nước ngoài và lối đi cho xe lăn, ai cũng tham gia được.",
            "inclusion"),
           ("Bãi đỗ xe ở đâu vậy?", "other")],
}


def _all_case_texts() -> list[str]:
    texts = list(LANGUAGE_SENTENCES.values()) + [t for _, t in LANGUAGE_EDGE_CASES]
    for cases in (SENTIMENT_CASES, AXIS_CASES):
        texts += [text for rows in cases.values() for text, _ in rows]
    return texts


@pytest.fixture(scope="module")
def held_out_report():
    examples = training.load_examples()
    train_set, test_set = training.split(examples)
    return training.evaluate(classifier.get_model(), test_set), train_set


# --- Contract -------------------------------------------------------------------------------

def test_interface():
    assert dataclasses.is_dataclass(Analysis)
    assert [f.name for f in dataclasses.fields(Analysis)] == [
        "language", "sentiment", "sentiment_score", "axis"]
    result = analyze_text("The volunteers at the entrance were very helpful.")
    assert isinstance(result, Analysis)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.language = "xx"
    assert isinstance(result.sentiment_score, float)
    assert result.sentiment in SENTIMENTS and result.axis in AXES
    assert isinstance(analysis.MODEL_VERSION, str)
    assert classifier.file_version(classifier.MODEL_PATH) == analysis.MODEL_VERSION
    assert len(analysis.MODEL_VERSION) == 16


def test_batch_keeps_order_and_matches_single_calls():
    texts = [LANGUAGE_SENTENCES["vi"], "   ", LANGUAGE_SENTENCES["ko"], LANGUAGE_SENTENCES["en"]]
    batch = analyze_texts(texts)
    assert len(batch) == len(texts)
    assert [r.language for r in batch] == ["vi", "", "ko", "en"]
    for text, result in zip(texts, batch, strict=True):
        single = analyze_text(text)
        assert (single.language, single.sentiment, single.axis) == (
            result.language, result.sentiment, result.axis)
        assert single.sentiment_score == pytest.approx(result.sentiment_score, abs=1e-3)
    assert analyze_texts([]) == []


@pytest.mark.parametrize("text", ["", " ", "\n\t  \u3000"])
def test_empty_text(text):
    assert analyze_text(text) == Analysis(language="", sentiment="neutral",
                                          sentiment_score=0.0, axis="other")


@pytest.mark.parametrize("text", ["👍👍👍", "12:30", "!!!", "?"])
def test_text_without_letters_has_no_language_but_is_analysed(text):
    result = analyze_text(text)
    assert result.language == ""
    assert result.sentiment in SENTIMENTS and result.axis in AXES


def test_scores_are_in_range_and_agree_with_the_label():
    for result in analyze_texts(_all_case_texts()):
        assert -1.0 <= result.sentiment_score <= 1.0
        if result.sentiment == "positive":
            assert result.sentiment_score >= 0
        if result.sentiment == "negative":
            assert result.sentiment_score <= 0


def test_concurrent_first_use_gives_the_same_results():
    texts = [text for rows in SENTIMENT_CASES.values() for text, _ in rows]
    expected = analyze_texts(texts)
    results: list[list[Analysis]] = []
    threads = [threading.Thread(target=lambda: results.append(analyze_texts(texts)))
               for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 3
    for result in results:
        assert [(r.language, r.sentiment, r.axis) for r in result] == [
            (r.language, r.sentiment, r.axis) for r in expected]


def _analyse_in_child(queue, texts):
    queue.put([(r.language, r.sentiment, r.axis) for r in analyze_texts(texts)])


def test_works_in_a_process_forked_after_loading():
    """A Celery prefork child of a parent that loaded the models and analysed a batch (which
    started lingua's and the encoder's thread pools) must not wait forever on them."""
    texts = [text for rows in SENTIMENT_CASES.values() for text, _ in rows] * 20
    expected = [(r.language, r.sentiment, r.axis) for r in analyze_texts(texts)]
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_analyse_in_child, args=(queue, texts))
    child.start()
    child.join(60)
    if child.is_alive():
        child.kill()
        pytest.fail("the analysis hung in the forked process")
    assert queue.get(timeout=10) == expected


# --- Quality --------------------------------------------------------------------------------

def test_test_sentences_are_not_in_the_labelled_set():
    labelled = {example.text for example in training.load_examples()}
    assert not labelled & set(_all_case_texts())


def test_one_sentence_language_detection_over_27_languages():
    assert len(LANGUAGE_SENTENCES) >= 20
    results = analyze_texts(list(LANGUAGE_SENTENCES.values()))
    found = {code: r.language for code, r in zip(LANGUAGE_SENTENCES, results, strict=True)}
    assert found == {code: code for code in LANGUAGE_SENTENCES}


@pytest.mark.parametrize(("expected", "text"), LANGUAGE_EDGE_CASES)
def test_language_edge_cases(expected, text):
    assert analyze_text(text).language == expected


@pytest.mark.parametrize("code", sorted(SENTIMENT_CASES))
def test_clear_sentiment(code):
    rows = SENTIMENT_CASES[code]
    results = analyze_texts([text for text, _ in rows])
    for (text, expected), result in zip(rows, results, strict=True):
        assert result.language == code, text
        assert result.sentiment == expected, text
        assert (result.sentiment_score > 0) == (expected == "positive"), text


@pytest.mark.parametrize("code", sorted(AXIS_CASES))
def test_clear_axis(code):
    rows = AXIS_CASES[code]
    assert {axis for _, axis in rows} == AXES
    results = analyze_texts([text for text, _ in rows])
    assert [(r.language, r.axis) for r in results] == [(code, axis) for _, axis in rows]


def test_held_out_figures_meet_the_targets(held_out_report):
    report, train_set = held_out_report
    metadata = json.loads(classifier.METADATA_PATH.read_text(encoding="utf-8"))
    assert metadata["train"]["digest"] == training.dataset_digest(train_set), (
        "the labelled set changed since the model was trained: "
        "run `manage.py train_feedback_model` and commit the artifact")
    assert report["overall"]["language_accuracy"] >= 0.97
    assert report["overall"]["sentiment_macro_f1"] >= 0.80
    assert report["overall"]["axis_accuracy"] >= 0.75
    assert report["passed"]
    for code in ("ko", "en", "zh", "ja", "vi"):
        assert report["per_language"][code]["language_accuracy"] == 1.0


# --- Training -------------------------------------------------------------------------------

def test_split_is_stratified_and_stable():
    examples = training.load_examples()
    train_set, test_set = training.split(examples)
    assert not {e.text for e in train_set} & {e.text for e in test_set}
    assert len(train_set) + len(test_set) == len(examples)
    assert training.split(list(reversed(examples)))[1] == list(reversed(test_set))
    for code in {e.language for e in examples}:
        for sentiment in SENTIMENTS:
            stratum = [e for e in examples if (e.language, e.sentiment) == (code, sentiment)]
            held = [e for e in test_set if (e.language, e.sentiment) == (code, sentiment)]
            assert len(held) == round(len(stratum) * training.TEST_FRACTION)


def _small_data(tmp_path: Path) -> Path:
    """The first 40 lines of each labelled file: every label, training in a second or two."""
    data = tmp_path / "data"
    data.mkdir()
    for path in sorted(training.DATA_DIR.glob("*.jsonl")):
        lines = path.read_text(encoding="utf-8").splitlines()[:40]
        (data / path.name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return data


def test_training_twice_gives_byte_identical_artifacts(tmp_path):
    data = _small_data(tmp_path)
    for run in ("a", "b"):
        call_command("train_feedback_model", data=data, output=tmp_path / run)
    for name in (classifier.MODEL_PATH.name, classifier.METADATA_PATH.name):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    model = classifier.load_model(tmp_path / "a" / classifier.MODEL_PATH.name)
    assert set(model.heads) == {"sentiment", "axis"}


def test_installed_artifact_is_what_training_on_the_repo_data_gives(tmp_path):
    """Predictions rather than bytes: another CPU's BLAS kernels may round differently."""
    call_command("train_feedback_model", output=tmp_path)
    retrained = classifier.load_model(tmp_path / classifier.MODEL_PATH.name)
    installed = classifier.get_model()
    _, test_set = training.split(training.load_examples())
    texts = [e.text for e in test_set] + _all_case_texts()
    a = analysis.analyze_with(retrained, texts)
    b = analysis.analyze_with(installed, texts)
    assert [(r.sentiment, r.axis) for r in a] == [(r.sentiment, r.axis) for r in b]
    assert np.allclose([r.sentiment_score for r in a], [r.sentiment_score for r in b],
                       atol=0.01)


def test_artifact_loads_without_pickle_and_rejects_other_ngram_settings(tmp_path):
    with np.load(classifier.MODEL_PATH, allow_pickle=False) as z:
        arrays = {name: z[name] for name in z.files}
    assert all(a.dtype != object for a in arrays.values())
    arrays["hash_features"] = np.array(2**18, dtype=np.int64)
    path = tmp_path / "other.npz"
    training.write_npz(path, arrays)
    with pytest.raises(classifier.ModelMissing):
        classifier.load_model(path)
    with pytest.raises(classifier.ModelMissing):
        classifier.load_model(tmp_path / "missing.npz")


def test_bad_data_line_is_reported_with_its_place(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(training.DATA_DIR / "en.jsonl", data / "en.jsonl")
    with (data / "en.jsonl").open("a", encoding="utf-8") as f:
        f.write(json.dumps({"text": "x", "language": "en", "sentiment": "angry",
                            "axis": "tech"}) + "\n")
    with pytest.raises(training.DataError, match=r"en\.jsonl:\d+: sentiment 'angry'"):
        training.load_examples(data)


def test_evaluate_command_writes_the_figures(tmp_path, capsys):
    out = tmp_path / "figures.json"
    call_command("evaluate_feedback_model", json=out)
    printed = capsys.readouterr().out
    assert "PASS  language_accuracy" in printed and "FAIL" not in printed
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["passed"] is True
    assert {"ko", "en", "zh", "ja", "vi"} <= set(figures["per_language"])
