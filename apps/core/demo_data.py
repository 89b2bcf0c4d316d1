"""Demo content for `manage.py seed_demo`: the four flagship events, the partner cities and the
organizer account, as plain data.

The command only applies this module, so content edits never touch code. Korean is the source
text; the other languages are written for their readers, not translated word for word. Every
translated field carries all five portal languages (DESIGN.md §6) so a demo shows each one.

Dates are fixed rather than relative to "now": a seed that moved its dates on every run would
not be idempotent. They sit in 2027 with registration already open (the demo runs late 2026).
"""

# Chinese and Japanese text uses full-width punctuation and the other languages use
# typographic dashes; that is correct writing, not look-alike characters, so RUF001 is off here.
# ruff: noqa: RUF001

from __future__ import annotations

from datetime import date, datetime
from typing import TypedDict
from urllib.parse import quote
from zoneinfo import ZoneInfo

SEOUL = ZoneInfo("Asia/Seoul")

# The portal's content languages, in the order the admin shows them.
LANGUAGE_CODES: tuple[str, ...] = ("ko", "en", "zh-hans", "ja", "vi")

Translated = dict[str, str]


class AgendaData(TypedDict):
    starts_at: datetime
    ends_at: datetime
    title: Translated
    speaker: Translated


class EventData(TypedDict):
    slug: str
    axis: str
    format: str
    status: str
    title: Translated
    summary: Translated
    description: Translated
    venue_name: Translated
    venue_address: str
    map_url: str
    online_url: str
    starts_at: datetime
    ends_at: datetime
    capacity: int | None
    waitlist_enabled: bool
    registration_opens_at: datetime
    registration_closes_at: datetime
    interpretation_languages: list[str]
    cancellation_reason: str
    agenda: list[AgendaData]


class PartnerData(TypedDict):
    slug: str
    name: Translated
    description: Translated
    country: str
    kind: str
    website: str


class AgreementData(TypedDict):
    partner: str  # the partner's slug
    title: Translated
    axis: str
    status: str
    signed_on: date | None


def _at(month: int, day: int, hour: int, minute: int = 0, *, year: int = 2027) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SEOUL)


def _naver_map(address: str) -> str:
    # A search by road-name address stays right even if a pin would drift; Naver resolves
    # Korean addresses most reliably and has an English interface.
    return f"https://map.naver.com/p/search/{quote(address)}"


# Registration for every demo event opened on 2 November 2026, so all four take sign-ups now.
REGISTRATION_OPENS_AT = _at(11, 2, 9, year=2026)

COEX_ADDRESS = "서울특별시 강남구 영동대로 513 (삼성동) · 513 Yeongdong-daero, Gangnam-gu, Seoul"
SETEC_ADDRESS = (
    "서울특별시 강남구 남부순환로 3104 (대치동) · 3104 Nambusunhwan-ro, Gangnam-gu, Seoul"
)
OFFICE_ADDRESS = "서울특별시 강남구 학동로 426 (삼성동) · 426 Hakdong-ro, Gangnam-gu, Seoul"

# Speaker roles used by several events, so each language names them the same way everywhere.
MAYOR: Translated = {
    "ko": "강남구청장",
    "en": "Mayor of Gangnam-gu",
    "zh-hans": "江南区区长",
    "ja": "江南区長",
    "vi": "Quận trưởng Gangnam",
}


TECH_FORUM: EventData = {
    "slug": "gangnam-global-tech-forum-2027",
    "axis": "tech",
    "format": "hybrid",
    "status": "published",
    "title": {
        "ko": "강남 글로벌 테크 포럼 2027",
        "en": "Gangnam Global Tech Forum 2027",
        "zh-hans": "2027江南全球科技论坛",
        "ja": "江南グローバル・テックフォーラム2027",
        "vi": "Diễn đàn Công nghệ Toàn cầu Gangnam 2027",
    },
    "summary": {
        "ko": "자매도시 산타클라라와 함께 AI·디지털 기술로 도시 문제를 푸는 방법을 논의하는 "
        "강남구의 국제 기술 외교 포럼입니다.",
        "en": "Gangnam's international tech-diplomacy forum, where the district and its sister "
        "city Santa Clara explore how AI and digital technology can solve everyday urban "
        "problems.",
        "zh-hans": "江南区携手姐妹城市圣克拉拉举办的国际科技外交论坛，共同探讨如何用人工智能和"
        "数字技术破解城市难题。",
        "ja": "姉妹都市サンタクララとともに、AIとデジタル技術で都市の課題をどう解決するかを"
        "話し合う、江南区の国際テック外交フォーラムです。",
        "vi": "Diễn đàn ngoại giao công nghệ quốc tế của quận Gangnam, nơi quận cùng thành phố "
        "kết nghĩa Santa Clara bàn cách dùng AI và công nghệ số để giải quyết các vấn đề đô thị.",
    },
    "description": {
        "ko": (
            "강남 글로벌 테크 포럼은 AI·기술 외교를 주제로 강남구가 해마다 여는 국제 포럼입니다. "
            "올해는 실리콘밸리의 중심인 자매도시 산타클라라 대표단과 국내외 스타트업, 연구자들이 "
            "코엑스에 모여 AI 행정 서비스, 스마트 모빌리티, 데이터 보호를 함께 논의합니다.\n\n"
            "강남에서 일하거나 창업을 준비하는 구민과 외국인 주민, 기술 기업 관계자, 그리고 기술이 "
            "도시를 어떻게 바꾸는지 궁금한 누구나 참여할 수 있습니다. 현장에 오기 어려우면 온라인 "
            "생중계로 함께하실 수 있으며, 접속 링크는 행사 전날 신청자에게 보내 드립니다.\n\n"
            "기조연설과 패널 토론은 한국어·영어·중국어·일본어 동시통역으로 들을 수 있고, 오후 "
            "네트워킹 세션에서는 해외 대표단과 스타트업을 직접 만날 수 있습니다."
        ),
        "en": (
            "The Gangnam Global Tech Forum is the district's annual international forum on AI and "
            "technology diplomacy. This year a delegation from our sister city Santa Clara, in the "
            "heart of Silicon Valley, joins start-ups and researchers from Korea and abroad at "
            "COEX to discuss AI in public services, smart mobility and data protection.\n\n"
            "It is open to Korean and international residents who work in Gangnam or are planning "
            "a start-up, to people from tech companies, and to anyone curious about how technology "
            "is changing the city. If you can't come in person, follow the live stream: we send "
            "the link to everyone registered the day before the forum.\n\n"
            "Keynotes and panels come with simultaneous interpretation in Korean, English, Chinese "
            "and Japanese, and the afternoon networking session is your chance to meet the "
            "visiting delegation and the start-ups face to face."
        ),
        "zh-hans": (
            "江南全球科技论坛是江南区每年举办的国际论坛，聚焦人工智能与科技外交。今年，来自硅谷"
            "核心地带的姐妹城市圣克拉拉代表团将与国内外初创企业和研究人员齐聚COEX，共同探讨人工"
            "智能政务服务、智慧出行和数据保护。\n\n"
            "无论您是在江南工作或准备创业的本地居民和外籍居民、科技企业从业者，还是对科技如何改变"
            "城市感兴趣的朋友，都欢迎参加。无法到场的朋友可以观看线上直播，直播链接将在论坛前一天"
            "发送给所有报名者。\n\n"
            "主旨演讲和圆桌讨论均提供韩语、英语、中文和日语同声传译。在下午的交流环节中，您还可以"
            "与来访代表团和初创企业面对面交流。"
        ),
        "ja": (
            "江南グローバル・テックフォーラムは、AIとテクノロジー外交をテーマに江南区が毎年開催する"
            "国際フォーラムです。今年はシリコンバレーの中心にある姉妹都市サンタクララの代表団と、"
            "国内外のスタートアップや研究者がCOEXに集まり、AIを活用した行政サービス、スマート"
            "モビリティ、データ保護について議論します。\n\n"
            "江南で働く方や起業を考えている区民・外国人住民の方、テック企業の皆さま、そしてテクノ"
            "ロジーが都市をどう変えるのかに関心のある方なら、どなたでも参加できます。会場にお越し"
            "になれない方はオンライン配信でご覧いただけます。視聴リンクは前日にお申し込みの方へ"
            "お送りします。\n\n"
            "基調講演とパネルディスカッションには韓国語・英語・中国語・日本語の同時通訳が付きます。"
            "午後の交流会では、海外代表団やスタートアップと直接話すことができます。"
        ),
        "vi": (
            "Diễn đàn Công nghệ Toàn cầu Gangnam là diễn đàn quốc tế thường niên của quận Gangnam "
            "về AI và ngoại giao công nghệ. Năm nay, đoàn đại biểu thành phố kết nghĩa Santa Clara "
            "– trái tim của Thung lũng Silicon – cùng các công ty khởi nghiệp và nhà nghiên cứu "
            "trong và ngoài nước sẽ gặp nhau tại COEX để thảo luận về dịch vụ hành chính ứng dụng "
            "AI, giao thông thông minh và bảo vệ dữ liệu.\n\n"
            "Diễn đàn dành cho người dân Hàn Quốc và cư dân nước ngoài đang làm việc hoặc chuẩn bị "
            "khởi nghiệp tại Gangnam, người làm trong các doanh nghiệp công nghệ và bất kỳ ai muốn "
            "biết công nghệ đang thay đổi thành phố ra sao. Nếu không đến trực tiếp được, bạn có "
            "thể xem phát trực tuyến; đường link sẽ được gửi cho người đăng ký một ngày trước diễn "
            "đàn.\n\n"
            "Các bài phát biểu chính và phiên thảo luận đều có phiên dịch song song tiếng Hàn, "
            "tiếng Anh, tiếng Trung và tiếng Nhật. Buổi giao lưu buổi chiều là dịp để bạn gặp trực "
            "tiếp đoàn đại biểu quốc tế và các công ty khởi nghiệp."
        ),
    },
    "venue_name": {
        "ko": "코엑스 컨퍼런스룸(남) 3층",
        "en": "COEX Conference Room (South), 3F",
        "zh-hans": "COEX会议室（南区）3层",
        "ja": "COEXカンファレンスルーム（南）3階",
        "vi": "Phòng hội nghị khu Nam, tầng 3, COEX",
    },
    "venue_address": COEX_ADDRESS,
    "map_url": _naver_map("서울특별시 강남구 영동대로 513"),
    # The stream link goes to registrants by message, so it is not published on the page.
    "online_url": "",
    "starts_at": _at(3, 25, 9, 30),
    "ends_at": _at(3, 25, 17, 30),
    "capacity": 300,
    "waitlist_enabled": True,
    "registration_opens_at": REGISTRATION_OPENS_AT,
    "registration_closes_at": _at(3, 23, 18),
    "interpretation_languages": ["ko", "en", "zh-hans", "ja"],
    "cancellation_reason": "",
    "agenda": [
        {
            "starts_at": _at(3, 25, 9, 30),
            "ends_at": _at(3, 25, 10),
            "title": {
                "ko": "등록 및 웰컴 커피",
                "en": "Registration and welcome coffee",
                "zh-hans": "签到及欢迎茶歇",
                "ja": "受付・ウェルカムコーヒー",
                "vi": "Đón khách và cà phê chào mừng",
            },
            "speaker": {
                "ko": "강남구 국제교류팀",
                "en": "Gangnam-gu International Relations Team",
                "zh-hans": "江南区国际交流组",
                "ja": "江南区国際交流チーム",
                "vi": "Nhóm Hợp tác quốc tế quận Gangnam",
            },
        },
        {
            "starts_at": _at(3, 25, 10),
            "ends_at": _at(3, 25, 10, 20),
            "title": {
                "ko": "개회사 및 환영사",
                "en": "Opening and welcome address",
                "zh-hans": "开幕致辞及欢迎辞",
                "ja": "開会あいさつ・歓迎のことば",
                "vi": "Khai mạc và phát biểu chào mừng",
            },
            "speaker": MAYOR,
        },
        {
            "starts_at": _at(3, 25, 10, 20),
            "ends_at": _at(3, 25, 11),
            "title": {
                "ko": "기조연설: 실리콘밸리와 강남, AI 도시의 다음 10년",
                "en": "Keynote: Silicon Valley and Gangnam – the next ten years of the AI city",
                "zh-hans": "主旨演讲：硅谷与江南——AI城市的下一个十年",
                "ja": "基調講演：シリコンバレーと江南 ― AI都市の次の10年",
                "vi": "Phát biểu chính: Thung lũng Silicon và Gangnam – thập kỷ tới của đô thị AI",
            },
            "speaker": {
                "ko": "산타클라라 시 대표단",
                "en": "Delegation of the City of Santa Clara",
                "zh-hans": "圣克拉拉市代表团",
                "ja": "サンタクララ市代表団",
                "vi": "Đoàn đại biểu thành phố Santa Clara",
            },
        },
        {
            "starts_at": _at(3, 25, 11, 10),
            "ends_at": _at(3, 25, 12, 30),
            "title": {
                "ko": "패널 토론: 시민을 위한 AI 행정, 신뢰와 데이터 보호",
                "en": "Panel: AI in public services people can trust – and keeping data safe",
                "zh-hans": "圆桌讨论：以人为本的AI政务——信任与数据保护",
                "ja": "パネルディスカッション：市民のためのAI行政 ― 信頼とデータ保護",
                "vi": "Thảo luận: Hành chính AI vì người dân – niềm tin và bảo vệ dữ liệu",
            },
            "speaker": {
                "ko": "국내외 AI 스타트업 대표, 개인정보 보호 전문가",
                "en": "Founders of Korean and international AI start-ups; a data-protection expert",
                "zh-hans": "国内外AI初创企业负责人、个人信息保护专家",
                "ja": "国内外のAIスタートアップ代表、個人情報保護の専門家",
                "vi": "Nhà sáng lập các startup AI trong và ngoài nước, chuyên gia bảo vệ dữ liệu",
            },
        },
        {
            "starts_at": _at(3, 25, 14),
            "ends_at": _at(3, 25, 16),
            "title": {
                "ko": "스타트업 쇼케이스: 스마트 모빌리티와 도시 데이터",
                "en": "Start-up showcase: smart mobility and city data",
                "zh-hans": "初创企业展示：智慧出行与城市数据",
                "ja": "スタートアップ・ショーケース：スマートモビリティと都市データ",
                "vi": "Giới thiệu startup: giao thông thông minh và dữ liệu đô thị",
            },
            "speaker": {
                "ko": "강남 소재 기술 스타트업",
                "en": "Tech start-ups based in Gangnam",
                "zh-hans": "江南区科技初创企业",
                "ja": "江南区のテック系スタートアップ",
                "vi": "Các startup công nghệ tại Gangnam",
            },
        },
        {
            "starts_at": _at(3, 25, 16),
            "ends_at": _at(3, 25, 17, 30),
            "title": {
                "ko": "글로벌 네트워킹 및 1:1 비즈니스 매칭",
                "en": "Global networking and one-to-one business matching",
                "zh-hans": "全球交流会及一对一商务对接",
                "ja": "グローバル交流会・1対1ビジネスマッチング",
                "vi": "Giao lưu quốc tế và kết nối doanh nghiệp 1:1",
            },
            "speaker": {
                "ko": "산타클라라 대표단, 참가 기업",
                "en": "Santa Clara delegation and participating companies",
                "zh-hans": "圣克拉拉代表团及参会企业",
                "ja": "サンタクララ代表団・参加企業",
                "vi": "Đoàn Santa Clara và các doanh nghiệp tham gia",
            },
        },
    ],
}


K_POP_WEEK: EventData = {
    "slug": "k-pop-world-city-week-2027",
    "axis": "culture",
    "format": "in_person",
    "status": "published",
    "title": {
        "ko": "K-POP 월드 시티 위크 2027",
        "en": "K-POP World City Week 2027",
        "zh-hans": "2027 K-POP世界城市周",
        "ja": "K-POPワールドシティウィーク2027",
        "vi": "Tuần lễ Thành phố Thế giới K-POP 2027",
    },
    "summary": {
        "ko": "K-POP의 본고장 강남에서 구민과 자매·우호도시 청소년이 함께 춤추고, 만들고, "
        "무대에 서는 일주일간의 K-컬처 교류 주간입니다.",
        "en": "A week of K-culture exchange in the home of K-pop, where Gangnam residents and "
        "young people from our sister and friendship cities dance, create and perform together.",
        "zh-hans": "在K-POP的发源地江南，本地居民与姐妹城市、友好城市的青少年一起跳舞、创作、"
        "同台演出，共度为期一周的韩流文化交流周。",
        "ja": "K-POPの本場・江南で、区民と姉妹・友好都市の若者が一緒に踊り、つくり、ステージに"
        "立つ1週間のKカルチャー交流ウィークです。",
        "vi": "Một tuần giao lưu văn hóa Hàn tại Gangnam – quê hương của K-pop, nơi người dân "
        "Gangnam và các bạn trẻ từ những thành phố kết nghĩa, hữu nghị cùng nhảy, sáng tạo và "
        "biểu diễn.",
    },
    "description": {
        "ko": (
            "K-POP 월드 시티 위크는 K-컬처·창작 교류를 주제로 한 강남구의 일주일 축제입니다. "
            "자매·우호도시인 메구로, 하이뎬, 산타클라라에서 온 청소년 교류단이 강남 구민과 한 팀이 "
            "되어 K-POP 안무를 배우고, 함께 만든 무대를 마지막 날 영동대로 야외무대에서 "
            "선보입니다.\n\n"
            "이번 신청은 일주일 내내 교류단과 함께하는 '시민 참여 크루' 모집으로, 연습이 "
            "원활하도록 30명만 받습니다. 정원이 차면 대기자로 등록되며, 취소로 자리가 나면 "
            "신청 순서대로 자동 확정되고 바로 알려 드립니다. 야외 공연과 거리 행사는 신청 없이 "
            "누구나 무료로 즐길 수 있습니다.\n\n"
            "크루는 전문 안무가의 워크숍, K-POP 제작 현장 견학, 해외 청소년과의 교류 프로그램에 "
            "참여하고 수료증을 받습니다. 기간 내내 영어·중국어·일본어·베트남어 통역 봉사자가 "
            "함께합니다."
        ),
        "en": (
            "K-POP World City Week is Gangnam's week-long festival of K-culture and creative "
            "exchange. Youth delegations from our sister and friendship cities – Meguro, Haidian "
            "and Santa Clara – team up with Gangnam residents to learn K-pop choreography, then "
            "perform the show they have built together on the open-air stage on Yeongdong-daero "
            "on the final day.\n\n"
            "This registration is for the Citizen Crew, who spend the whole week with the "
            "delegations. To keep rehearsals workable there are only 30 places. Once they are "
            "taken you join the waiting list, and if someone cancels, the next person in line is "
            "confirmed automatically and told straight away. The outdoor concerts and street "
            "events are free and open to everyone, no registration needed.\n\n"
            "Crew members get workshops with professional choreographers, a behind-the-scenes "
            "visit to a K-pop production studio and exchange sessions with young people from "
            "abroad, plus a certificate of participation. Volunteer interpreters for English, "
            "Chinese, Japanese and Vietnamese are on hand all week."
        ),
        "zh-hans": (
            "K-POP世界城市周是江南区以韩流文化与创意交流为主题、为期一周的节庆活动。来自姐妹城市"
            "和友好城市——东京目黑区、北京海淀区和圣克拉拉——的青少年交流团将与江南居民组队学习"
            "K-POP舞蹈，并在最后一天登上永东大路户外舞台，呈现大家共同打造的演出。\n\n"
            "本次报名招募的是全程一周与交流团同行的“市民参与团”。为保证排练效果，名额仅限30人。"
            "名额报满后将进入候补名单；如有人取消，系统会按报名顺序自动递补，并第一时间通知您。"
            "户外演出和街头活动免费向所有人开放，无需报名。\n\n"
            "参与者可以参加专业编舞师的工作坊、参观K-POP制作现场、与海外青少年交流，活动结束后"
            "还将获得结业证书。整周都有英语、中文、日语和越南语志愿翻译陪同。"
        ),
        "ja": (
            "K-POPワールドシティウィークは、Kカルチャーとクリエイティブ交流をテーマにした江南区の"
            "1週間のフェスティバルです。姉妹・友好都市である目黒区、海淀区、サンタクララから来た"
            "青少年交流団が江南区民とチームを組んでK-POPのダンスを学び、最終日には永東大路の"
            "野外ステージで、一緒につくり上げたパフォーマンスを披露します。\n\n"
            "今回の申し込みは、1週間を通して交流団と活動する「市民参加クルー」の募集です。練習を"
            "円滑に進めるため、定員は30名です。定員に達するとキャンセル待ちとして登録され、空きが"
            "出れば申し込み順に自動で確定し、すぐにお知らせします。野外公演やストリートイベントは"
            "申し込み不要・無料で、どなたでも楽しめます。\n\n"
            "クルーの皆さんは、プロの振付師によるワークショップ、K-POP制作現場の見学、海外の若者"
            "との交流プログラムに参加でき、修了証も受け取れます。期間中は英語・中国語・日本語・"
            "ベトナム語の通訳ボランティアがサポートします。"
        ),
        "vi": (
            "Tuần lễ Thành phố Thế giới K-POP là lễ hội kéo dài một tuần của quận Gangnam về giao "
            "lưu văn hóa Hàn Quốc và sáng tạo. Các đoàn thanh thiếu niên đến từ những thành phố "
            "kết nghĩa và hữu nghị – Meguro, Hải Điến và Santa Clara – sẽ lập nhóm cùng người dân "
            "Gangnam để học vũ đạo K-pop, rồi cùng biểu diễn tiết mục do chính mình dàn dựng trên "
            "sân khấu ngoài trời ở đại lộ Yeongdong vào ngày cuối.\n\n"
            "Đợt đăng ký này tuyển 'Đội công dân' tham gia suốt cả tuần cùng các đoàn giao lưu. Để "
            "việc tập luyện hiệu quả, chương trình chỉ nhận 30 người. Khi đã đủ chỗ, bạn sẽ được "
            "đưa vào danh sách chờ; nếu có người hủy, người kế tiếp trong danh sách sẽ tự động "
            "được xác nhận và nhận thông báo ngay. Các buổi biểu diễn ngoài trời và sự kiện "
            "đường phố đều miễn phí, không cần đăng ký.\n\n"
            "Thành viên của đội sẽ tham gia workshop với biên đạo múa chuyên nghiệp, tham quan hậu "
            "trường một studio sản xuất K-pop, giao lưu với các bạn trẻ nước ngoài và nhận giấy "
            "chứng nhận tham gia. Tình nguyện viên phiên dịch tiếng Anh, tiếng Trung, tiếng Nhật "
            "và tiếng Việt luôn có mặt suốt tuần."
        ),
    },
    "venue_name": {
        "ko": "코엑스 K-POP 광장 및 영동대로 일대",
        "en": "COEX K-POP Square and Yeongdong-daero",
        "zh-hans": "COEX K-POP广场及永东大路一带",
        "ja": "COEX K-POP広場・永東大路一帯",
        "vi": "Quảng trường K-POP COEX và khu vực đại lộ Yeongdong",
    },
    "venue_address": COEX_ADDRESS,
    "map_url": _naver_map("서울특별시 강남구 영동대로 513"),
    "online_url": "",
    "starts_at": _at(9, 27, 10),
    "ends_at": _at(10, 3, 21),
    # Deliberately small: the browser tests fill it up and exercise the waiting list.
    "capacity": 30,
    "waitlist_enabled": True,
    "registration_opens_at": REGISTRATION_OPENS_AT,
    # The crew needs a few days to get rehearsal schedules and ID badges before day one.
    "registration_closes_at": _at(9, 24, 18),
    "interpretation_languages": ["en", "zh-hans", "ja", "vi"],
    "cancellation_reason": "",
    "agenda": [
        {
            "starts_at": _at(9, 27, 10),
            "ends_at": _at(9, 27, 12),
            "title": {
                "ko": "개막식 및 시민 참여 크루 발대식",
                "en": "Opening ceremony and Citizen Crew kick-off",
                "zh-hans": "开幕式暨市民参与团启动仪式",
                "ja": "開幕式・市民参加クルー結団式",
                "vi": "Lễ khai mạc và ra mắt Đội công dân",
            },
            "speaker": {
                "ko": "강남구청장, 자매·우호도시 청소년 교류단",
                "en": "Mayor of Gangnam-gu; youth delegations from the partner cities",
                "zh-hans": "江南区区长、姐妹及友好城市青少年交流团",
                "ja": "江南区長、姉妹・友好都市の青少年交流団",
                "vi": "Quận trưởng Gangnam và các đoàn thanh thiếu niên thành phố đối tác",
            },
        },
        {
            "starts_at": _at(9, 28, 14),
            "ends_at": _at(9, 28, 18),
            "title": {
                "ko": "K-POP 안무 워크숍 ①: 기초 동작 익히기",
                "en": "K-pop choreography workshop 1: the basics",
                "zh-hans": "K-POP舞蹈工作坊①：基础动作",
                "ja": "K-POPダンスワークショップ①：基本の動き",
                "vi": "Workshop vũ đạo K-pop 1: động tác cơ bản",
            },
            "speaker": {
                "ko": "전문 안무가",
                "en": "Professional choreographer",
                "zh-hans": "专业编舞师",
                "ja": "プロの振付師",
                "vi": "Biên đạo múa chuyên nghiệp",
            },
        },
        {
            "starts_at": _at(9, 29, 14),
            "ends_at": _at(9, 29, 17),
            "title": {
                "ko": "K-POP 제작 현장 견학",
                "en": "Behind the scenes at a K-pop production studio",
                "zh-hans": "探访K-POP制作现场",
                "ja": "K-POP制作現場の見学",
                "vi": "Tham quan hậu trường studio sản xuất K-pop",
            },
            "speaker": {
                "ko": "강남 소재 엔터테인먼트 기획사",
                "en": "A Gangnam-based entertainment agency",
                "zh-hans": "江南区娱乐经纪公司",
                "ja": "江南区の芸能事務所",
                "vi": "Một công ty giải trí tại Gangnam",
            },
        },
        {
            "starts_at": _at(9, 30, 14),
            "ends_at": _at(9, 30, 18),
            "title": {
                "ko": "K-POP 안무 워크숍 ②: 합동 무대 만들기",
                "en": "K-pop choreography workshop 2: putting the joint show together",
                "zh-hans": "K-POP舞蹈工作坊②：排练联合演出",
                "ja": "K-POPダンスワークショップ②：合同ステージづくり",
                "vi": "Workshop vũ đạo K-pop 2: dàn dựng tiết mục chung",
            },
            "speaker": {
                "ko": "전문 안무가, 청소년 교류단",
                "en": "Professional choreographer and the youth delegations",
                "zh-hans": "专业编舞师、青少年交流团",
                "ja": "プロの振付師、青少年交流団",
                "vi": "Biên đạo múa chuyên nghiệp và các đoàn thanh thiếu niên",
            },
        },
        {
            "starts_at": _at(10, 1, 15),
            "ends_at": _at(10, 1, 18),
            "title": {
                "ko": "자매·우호도시 청소년 문화 교류회",
                "en": "Youth culture exchange with our partner cities",
                "zh-hans": "姐妹及友好城市青少年文化交流会",
                "ja": "姉妹・友好都市の青少年文化交流会",
                "vi": "Giao lưu văn hóa thanh thiếu niên với các thành phố đối tác",
            },
            "speaker": {
                "ko": "메구로·하이뎬·산타클라라 청소년 교류단",
                "en": "Youth delegations from Meguro, Haidian and Santa Clara",
                "zh-hans": "目黑区、海淀区、圣克拉拉青少年交流团",
                "ja": "目黒区・海淀区・サンタクララの青少年交流団",
                "vi": "Các đoàn thanh thiếu niên Meguro, Hải Điến và Santa Clara",
            },
        },
        {
            "starts_at": _at(10, 3, 18),
            "ends_at": _at(10, 3, 21),
            "title": {
                "ko": "피날레 공연: 영동대로 야외무대",
                "en": "Finale on the Yeongdong-daero open-air stage",
                "zh-hans": "压轴演出：永东大路户外舞台",
                "ja": "フィナーレ公演：永東大路野外ステージ",
                "vi": "Đêm diễn kết thúc trên sân khấu ngoài trời đại lộ Yeongdong",
            },
            "speaker": {
                "ko": "시민 참여 크루, 청소년 교류단",
                "en": "The Citizen Crew and the youth delegations",
                "zh-hans": "市民参与团、青少年交流团",
                "ja": "市民参加クルー、青少年交流団",
                "vi": "Đội công dân và các đoàn thanh thiếu niên",
            },
        },
    ],
}


GREEN_SUMMIT: EventData = {
    "slug": "green-start-up-summit-2027",
    "axis": "green",
    "format": "in_person",
    "status": "published",
    "title": {
        "ko": "그린 스타트업 서밋 2027",
        "en": "Green Start-up Summit 2027",
        "zh-hans": "2027绿色创业峰会",
        "ja": "グリーン・スタートアップ・サミット2027",
        "vi": "Hội nghị Thượng đỉnh Khởi nghiệp Xanh 2027",
    },
    "summary": {
        "ko": "지구의 날, 기후테크·ESG 스타트업이 강남의 탄소중립 과제에 해법을 내놓고 "
        "자매·우호도시 파트너와 협력을 모색하는 자리입니다.",
        "en": "On Earth Day, climate-tech and ESG start-ups pitch answers to Gangnam's "
        "carbon-neutral challenges and look for partners in our sister and friendship cities.",
        "zh-hans": "在世界地球日，气候科技和ESG初创企业为江南区的碳中和课题提出解决方案，并与"
        "姐妹城市、友好城市的伙伴寻求合作。",
        "ja": "アースデイに、気候テック・ESGスタートアップが江南区のカーボンニュートラルの課題に"
        "解決策を示し、姉妹・友好都市のパートナーとの協力を探ります。",
        "vi": "Nhân Ngày Trái Đất, các startup công nghệ khí hậu và ESG đưa ra lời giải cho những "
        "bài toán trung hòa carbon của Gangnam và tìm đối tác tại các thành phố kết nghĩa, hữu "
        "nghị.",
    },
    "description": {
        "ko": (
            "그린 스타트업 서밋은 ESG·그린 파트너십을 주제로 지구의 날에 열립니다. 건물 에너지 "
            "절감, 자원 순환, 친환경 이동 등 강남구가 내건 과제에 기후테크 스타트업이 해법을 "
            "발표하고, 구와 기업, 주민이 함께 실증 가능성을 따져 봅니다.\n\n"
            "창업자와 투자자, ESG 담당자는 물론 탄소중립 실천에 관심 있는 구민과 외국인 주민 모두 "
            "환영합니다. 메구로구와 하이뎬구의 환경·창업 지원 담당자도 참석해 각 도시의 사례를 "
            "나눕니다.\n\n"
            "선정된 스타트업에는 강남구 공공시설 실증 기회와 자매·우호도시 진출 상담이 주어지고, "
            "참가자는 현장 투표로 '주민이 뽑은 그린 솔루션'을 직접 고릅니다. 행사장은 일회용품 "
            "없는 제로웨이스트로 운영하니 개인 텀블러를 챙겨 주세요."
        ),
        "en": (
            "The Green Start-up Summit, on the theme of ESG and green partnership, takes place on "
            "Earth Day. Climate-tech start-ups present answers to challenges set by Gangnam-gu – "
            "cutting energy use in buildings, keeping resources in circulation and greener ways "
            "to get around – and the district, businesses and residents weigh up together whether "
            "they could be piloted here.\n\n"
            "Founders, investors and ESG professionals are welcome, and so is every resident, "
            "Korean or international, who cares about reaching carbon neutrality. Environment and "
            "start-up support officials from Meguro and Haidian join us to share what their "
            "cities are doing.\n\n"
            "Selected start-ups get the chance to pilot their solution in Gangnam-gu's public "
            "buildings and advice on expanding to our sister and friendship cities, and you vote "
            "on the spot for the Residents' Choice green solution. The venue is zero-waste, with "
            "no disposables, so please bring your own cup or bottle."
        ),
        "zh-hans": (
            "绿色创业峰会以ESG与绿色伙伴关系为主题，在世界地球日举行。针对江南区提出的建筑节能、"
            "资源循环和绿色出行等课题，气候科技初创企业将发表解决方案，区政府、企业和居民一起评估"
            "这些方案在本地试点的可能性。\n\n"
            "欢迎创业者、投资人和ESG从业者参加，也欢迎所有关心碳中和的本地居民和外籍居民。东京"
            "目黑区和北京海淀区负责环保与创业扶持的官员也将到场，分享各自城市的经验。\n\n"
            "入选的初创企业将获得在江南区公共设施开展试点的机会，以及进入姐妹城市和友好城市的咨询"
            "支持；参与者还可以现场投票，亲自选出“居民最爱绿色方案”。会场全程零废弃、不提供一次性"
            "用品，请自带水杯。"
        ),
        "ja": (
            "グリーン・スタートアップ・サミットは、ESGとグリーンパートナーシップをテーマに"
            "アースデイに開催します。建物の省エネ、資源循環、環境にやさしい移動など江南区が掲げる"
            "課題に気候テック・スタートアップが解決策を発表し、区・企業・住民が一緒に実証の可能性を"
            "検討します。\n\n"
            "起業家、投資家、ESG担当者はもちろん、カーボンニュートラルに関心のある区民・外国人住民"
            "の皆さまも大歓迎です。目黒区と海淀区の環境・創業支援の担当者も参加し、それぞれの都市の"
            "取り組みを紹介します。\n\n"
            "選ばれたスタートアップには江南区の公共施設での実証の機会と、姉妹・友好都市への進出相談"
            "が用意されています。参加者は会場投票で「区民が選ぶグリーンソリューション」を選べます。"
            "会場は使い捨て用品を使わないゼロウェイストで運営しますので、マイボトルをご持参ください。"
        ),
        "vi": (
            "Hội nghị Thượng đỉnh Khởi nghiệp Xanh diễn ra vào Ngày Trái Đất với chủ đề ESG và "
            "đối tác xanh. Các startup công nghệ khí hậu trình bày giải pháp cho những bài toán do "
            "quận Gangnam đặt ra – tiết kiệm năng lượng trong tòa nhà, tuần hoàn tài nguyên và đi "
            "lại xanh hơn – rồi quận, doanh nghiệp và người dân cùng cân nhắc khả năng thử nghiệm "
            "ngay tại địa phương.\n\n"
            "Sự kiện chào đón nhà sáng lập, nhà đầu tư, người làm ESG cũng như mọi cư dân Hàn Quốc "
            "và nước ngoài quan tâm đến trung hòa carbon. Cán bộ phụ trách môi trường và hỗ trợ "
            "khởi nghiệp của Meguro và Hải Điến cũng sẽ tham dự để chia sẻ kinh nghiệm của thành "
            "phố mình.\n\n"
            "Các startup được chọn sẽ có cơ hội thử nghiệm giải pháp tại các cơ sở công cộng của "
            "quận Gangnam và được tư vấn để mở rộng sang các thành phố kết nghĩa, hữu nghị. Người "
            "tham dự có thể bình chọn ngay tại chỗ cho 'Giải pháp xanh do người dân chọn'. Sự kiện "
            "không dùng đồ dùng một lần, vì vậy bạn nhớ mang theo bình nước riêng nhé."
        ),
    },
    "venue_name": {
        "ko": "세텍(SETEC) 제1전시장",
        "en": "SETEC Exhibition Hall 1",
        "zh-hans": "SETEC第一展厅",
        "ja": "SETEC第1展示場",
        "vi": "Nhà triển lãm số 1, SETEC",
    },
    "venue_address": SETEC_ADDRESS,
    "map_url": _naver_map("서울특별시 강남구 남부순환로 3104"),
    "online_url": "",
    "starts_at": _at(4, 22, 13),
    "ends_at": _at(4, 22, 18),
    "capacity": 200,
    "waitlist_enabled": True,
    "registration_opens_at": REGISTRATION_OPENS_AT,
    "registration_closes_at": _at(4, 20, 18),
    "interpretation_languages": ["ko", "en", "zh-hans", "ja"],
    "cancellation_reason": "",
    "agenda": [
        {
            "starts_at": _at(4, 22, 13),
            "ends_at": _at(4, 22, 13, 30),
            "title": {
                "ko": "등록 및 그린 스타트업 전시 관람",
                "en": "Registration and green start-up exhibition",
                "zh-hans": "签到及绿色初创企业展览",
                "ja": "受付・グリーンスタートアップ展示見学",
                "vi": "Đón khách và tham quan triển lãm startup xanh",
            },
            "speaker": {
                "ko": "참가 스타트업",
                "en": "Participating start-ups",
                "zh-hans": "参展初创企业",
                "ja": "参加スタートアップ",
                "vi": "Các startup tham gia",
            },
        },
        {
            "starts_at": _at(4, 22, 13, 30),
            "ends_at": _at(4, 22, 13, 50),
            "title": {
                "ko": "개회사: 강남구 탄소중립 로드맵",
                "en": "Opening: Gangnam-gu's road map to carbon neutrality",
                "zh-hans": "开幕致辞：江南区碳中和路线图",
                "ja": "開会あいさつ：江南区カーボンニュートラル・ロードマップ",
                "vi": "Khai mạc: Lộ trình trung hòa carbon của quận Gangnam",
            },
            "speaker": MAYOR,
        },
        {
            "starts_at": _at(4, 22, 13, 50),
            "ends_at": _at(4, 22, 14, 30),
            "title": {
                "ko": "사례 발표: 메구로와 하이뎬의 녹색 도시 정책",
                "en": "Case studies: green city policy in Meguro and Haidian",
                "zh-hans": "案例分享：目黑区与海淀区的绿色城市政策",
                "ja": "事例発表：目黒区と海淀区のグリーン都市政策",
                "vi": "Chia sẻ kinh nghiệm: chính sách đô thị xanh của Meguro và Hải Điến",
            },
            "speaker": {
                "ko": "메구로구·하이뎬구 대표단",
                "en": "Delegations of Meguro City and Haidian District",
                "zh-hans": "目黑区、海淀区代表团",
                "ja": "目黒区・海淀区代表団",
                "vi": "Đoàn đại biểu quận Meguro và quận Hải Điến",
            },
        },
        {
            "starts_at": _at(4, 22, 14, 40),
            "ends_at": _at(4, 22, 16, 30),
            "title": {
                "ko": "그린 스타트업 피칭",
                "en": "Green start-up pitches",
                "zh-hans": "绿色初创企业路演",
                "ja": "グリーンスタートアップ・ピッチ",
                "vi": "Phần thuyết trình gọi vốn của các startup xanh",
            },
            "speaker": {
                "ko": "기후테크·ESG 스타트업",
                "en": "Climate-tech and ESG start-ups",
                "zh-hans": "气候科技及ESG初创企业",
                "ja": "気候テック・ESGスタートアップ",
                "vi": "Các startup công nghệ khí hậu và ESG",
            },
        },
        {
            "starts_at": _at(4, 22, 16, 40),
            "ends_at": _at(4, 22, 17, 20),
            "title": {
                "ko": "주민 현장 투표 및 심사",
                "en": "Residents' vote and judging",
                "zh-hans": "居民现场投票及评审",
                "ja": "区民による会場投票・審査",
                "vi": "Người dân bình chọn và ban giám khảo chấm điểm",
            },
            "speaker": {
                "ko": "참가 주민, 투자·ESG 전문가 심사단",
                "en": "Participants and a jury of investors and ESG experts",
                "zh-hans": "参会居民、投资及ESG专家评审团",
                "ja": "参加者、投資・ESG専門家による審査員団",
                "vi": "Người tham dự và hội đồng chuyên gia đầu tư, ESG",
            },
        },
        {
            "starts_at": _at(4, 22, 17, 20),
            "ends_at": _at(4, 22, 18),
            "title": {
                "ko": "시상 및 실증 협약식",
                "en": "Awards and signing of pilot agreements",
                "zh-hans": "颁奖及试点合作签约仪式",
                "ja": "表彰式・実証協定締結式",
                "vi": "Trao giải và ký kết thỏa thuận thử nghiệm",
            },
            "speaker": {
                "ko": "강남구청장, 선정 스타트업",
                "en": "Mayor of Gangnam-gu and the selected start-ups",
                "zh-hans": "江南区区长、入选初创企业",
                "ja": "江南区長、選定スタートアップ",
                "vi": "Quận trưởng Gangnam và các startup được chọn",
            },
        },
    ],
}


GOVERNANCE_DAY: EventData = {
    "slug": "multilingual-governance-day-2027",
    "axis": "inclusion",
    "format": "hybrid",
    "status": "published",
    "title": {
        "ko": "다국어 거버넌스 데이 2027",
        "en": "Multilingual Governance Day 2027",
        "zh-hans": "2027多语言治理日",
        "ja": "多言語ガバナンスデー2027",
        "vi": "Ngày Quản trị Đa ngôn ngữ 2027",
    },
    "summary": {
        "ko": "세계인의 날을 맞아 외국인 주민과 구민이 자기 언어로 구정에 의견을 내고, 구가 어떻게 "
        "답하는지 함께 확인하는 날입니다.",
        "en": "On Korea's Together Day, international and Korean residents have their say on "
        "district policy in their own language – and see how the district answers.",
        "zh-hans": "在韩国“世界人之日”，外籍居民和本地居民用自己的语言为区政建言献策，并一起看看"
        "区政府如何回应。",
        "ja": "「世界人の日」に合わせ、外国人住民と区民が自分の言葉で区政に意見を伝え、区がどう"
        "応えるかを一緒に確かめる日です。",
        "vi": "Vào ngày 20/5, ngày chung sống đa văn hóa của Hàn Quốc, cư dân nước ngoài và người "
        "dân Gangnam góp ý cho chính sách của quận bằng chính ngôn ngữ của mình – và cùng xem quận "
        "trả lời ra sao.",
    },
    "description": {
        "ko": (
            "다국어 거버넌스 데이는 데이터 거버넌스와 포용 행정을 주제로 5월 20일 세계인의 날에 "
            "강남구청에서 열립니다. 강남에 사는 외국인 주민과 구민이 한자리에 모여 생활 정보, 민원 "
            "서비스, 안전 안내가 모든 주민에게 제대로 닿고 있는지 이야기합니다.\n\n"
            "모든 세션은 한국어·영어·중국어·일본어·베트남어 동시통역으로 진행되며, 의견은 어떤 "
            "언어로 남겨도 되고 익명으로 낼 수도 있습니다. 구청에 오기 어려운 분은 온라인으로 "
            "참여해 채팅으로 의견을 남길 수 있습니다.\n\n"
            "참가자는 지난 1년간 구가 받은 다국어 의견과 답변 현황, 주민 참여 신뢰지수를 직접 "
            "확인하고, 분야별 원탁토론에서 내년 다국어 행정의 개선 과제를 함께 정합니다. 이날 나온 "
            "의견은 포털에 공개되며, 담당 부서의 답변은 신청하신 언어로 받아 보실 수 있습니다."
        ),
        "en": (
            "Multilingual Governance Day, on the theme of data governance and inclusive "
            "administration, takes place at Gangnam-gu Office on 20 May, Korea's Together Day. "
            "International and Korean residents of Gangnam come together to talk about whether "
            "everyday information, public services and safety alerts really reach everyone who "
            "lives here.\n\n"
            "Every session has simultaneous interpretation in Korean, English, Chinese, Japanese "
            "and Vietnamese. You can have your say in any language, and anonymously if you "
            "prefer. If you can't make it to the office, join online and share your views in the "
            "chat.\n\n"
            "You will see for yourself the feedback the district received in many languages over "
            "the past year, how it was answered and where the participation trust index stands, "
            "and in round tables by topic you will help set next year's priorities for "
            "multilingual services. Everything raised on the day is published on the portal, and "
            "the responsible department's reply reaches you in the language you registered in."
        ),
        "zh-hans": (
            "多语言治理日以数据治理与包容性行政为主题，于5月20日韩国“世界人之日”在江南区厅举行。"
            "住在江南的外籍居民和本地居民齐聚一堂，讨论生活信息、政务服务和安全通知是否真正传达到"
            "了每一位居民。\n\n"
            "所有环节均提供韩语、英语、中文、日语和越南语同声传译。您可以用任何语言发表意见，也可以"
            "匿名提出。无法到场的朋友可以在线参与，在聊天区留言。\n\n"
            "参与者将亲眼看到区政府过去一年收到的多语言意见及回复情况，以及居民参与信任指数，并在"
            "分主题圆桌讨论中共同确定明年多语言行政的改进课题。当天收集的意见将在门户网站上公开，"
            "负责部门的答复也会以您报名时选择的语言送达。"
        ),
        "ja": (
            "多言語ガバナンスデーは、データガバナンスと包摂的な行政をテーマに、5月20日の「世界人の"
            "日」に江南区庁で開催します。江南に暮らす外国人住民と区民が一堂に会し、生活情報や行政"
            "サービス、安全に関するお知らせがすべての住民にきちんと届いているかを話し合います。\n\n"
            "すべてのセッションに韓国語・英語・中国語・日本語・ベトナム語の同時通訳が付きます。"
            "ご意見はどの言語でも、匿名でもお寄せいただけます。区庁に来られない方はオンラインで参加"
            "し、チャットで意見を伝えることができます。\n\n"
            "参加者は、この1年間に区が受け取った多言語の意見と回答の状況、住民参加の信頼指数を自分"
            "の目で確かめ、テーマ別の円卓討論で来年の多言語行政の改善課題を一緒に決めます。当日の"
            "ご意見はポータルで公開され、担当部署からの回答はお申し込み時の言語で届きます。"
        ),
        "vi": (
            "Ngày Quản trị Đa ngôn ngữ với chủ đề quản trị dữ liệu và hành chính bao trùm diễn ra "
            "tại Văn phòng quận Gangnam vào ngày 20/5 – ngày chung sống đa văn hóa của Hàn Quốc. "
            "Cư dân nước ngoài và người dân Gangnam cùng ngồi lại để trao đổi xem thông tin đời "
            "sống, dịch vụ hành chính và thông báo an toàn đã thực sự đến được với mọi người dân "
            "hay chưa.\n\n"
            "Tất cả các phiên đều có phiên dịch song song tiếng Hàn, tiếng Anh, tiếng Trung, tiếng "
            "Nhật và tiếng Việt. Bạn có thể góp ý bằng bất kỳ ngôn ngữ nào, kể cả ẩn danh. Nếu "
            "không thể đến trực tiếp, bạn có thể tham gia trực tuyến và gửi ý kiến qua khung "
            "chat.\n\n"
            "Bạn sẽ tận mắt xem quận đã nhận và trả lời các ý kiến đa ngôn ngữ trong năm qua như "
            "thế nào, chỉ số tin cậy về sự tham gia của người dân đang ở mức nào, và cùng chọn ra "
            "các ưu tiên cải thiện dịch vụ đa ngôn ngữ cho năm tới tại các bàn tròn theo chủ đề. "
            "Mọi ý kiến trong ngày sẽ được công khai trên cổng thông tin, và câu trả lời của phòng "
            "ban phụ trách sẽ được gửi đến bạn bằng ngôn ngữ bạn đã chọn khi đăng ký."
        ),
    },
    "venue_name": {
        "ko": "강남구청 본관 대회의실",
        "en": "Main Conference Hall, Gangnam-gu Office",
        "zh-hans": "江南区厅主楼大会议室",
        "ja": "江南区庁 本館大会議室",
        "vi": "Hội trường lớn, tòa nhà chính Văn phòng quận Gangnam",
    },
    "venue_address": OFFICE_ADDRESS,
    "map_url": _naver_map("서울특별시 강남구 학동로 426"),
    # Online participants get the link by message, like the tech forum's stream.
    "online_url": "",
    "starts_at": _at(5, 20, 10),
    "ends_at": _at(5, 20, 16),
    "capacity": 120,
    "waitlist_enabled": True,
    "registration_opens_at": REGISTRATION_OPENS_AT,
    "registration_closes_at": _at(5, 18, 18),
    # Every portal language, both ways: the day is about being heard in one's own language.
    "interpretation_languages": list(LANGUAGE_CODES),
    "cancellation_reason": "",
    "agenda": [
        {
            "starts_at": _at(5, 20, 10),
            "ends_at": _at(5, 20, 10, 20),
            "title": {
                "ko": "개회 및 세계인의 날 환영사",
                "en": "Opening and Together Day welcome",
                "zh-hans": "开幕及“世界人之日”致辞",
                "ja": "開会・「世界人の日」歓迎あいさつ",
                "vi": "Khai mạc và lời chào mừng ngày chung sống đa văn hóa",
            },
            "speaker": MAYOR,
        },
        {
            "starts_at": _at(5, 20, 10, 20),
            "ends_at": _at(5, 20, 11),
            "title": {
                "ko": "연간 보고: 다국어 의견·답변 현황과 주민 참여 신뢰지수",
                "en": "Annual report: feedback in many languages, our replies and the trust index",
                "zh-hans": "年度报告：多语言意见与答复情况及居民参与信任指数",
                "ja": "年次報告：多言語の意見・回答の状況と住民参加信頼指数",
                "vi": "Báo cáo năm: ý kiến đa ngôn ngữ, phản hồi và chỉ số tin cậy",
            },
            "speaker": {
                "ko": "강남구 데이터 거버넌스 담당관",
                "en": "Gangnam-gu Data Governance Officer",
                "zh-hans": "江南区数据治理负责人",
                "ja": "江南区データガバナンス担当官",
                "vi": "Cán bộ phụ trách quản trị dữ liệu quận Gangnam",
            },
        },
        {
            "starts_at": _at(5, 20, 11, 10),
            "ends_at": _at(5, 20, 12),
            "title": {
                "ko": "사례 발표: 메구로구의 다문화 공생 행정",
                "en": "Case study: how Meguro City builds a multicultural community",
                "zh-hans": "案例分享：目黑区的多元文化共生行政",
                "ja": "事例発表：目黒区の多文化共生の取り組み",
                "vi": "Chia sẻ kinh nghiệm: hành chính vì cộng đồng đa văn hóa ở Meguro",
            },
            "speaker": {
                "ko": "메구로구 대표단",
                "en": "Delegation of Meguro City",
                "zh-hans": "目黑区代表团",
                "ja": "目黒区代表団",
                "vi": "Đoàn đại biểu quận Meguro",
            },
        },
        {
            "starts_at": _at(5, 20, 13, 30),
            "ends_at": _at(5, 20, 15),
            "title": {
                "ko": "분야별 원탁토론: 생활 정보, 민원, 안전 안내",
                "en": "Round tables: everyday information, public services, safety alerts",
                "zh-hans": "分主题圆桌讨论：生活信息、政务服务、安全通知",
                "ja": "テーマ別円卓討論：生活情報・行政サービス・安全情報",
                "vi": "Bàn tròn theo chủ đề: thông tin đời sống, dịch vụ công, cảnh báo an toàn",
            },
            "speaker": {
                "ko": "외국인 주민, 구민, 담당 부서 공무원",
                "en": "International and Korean residents with district officials",
                "zh-hans": "外籍居民、本地居民及相关部门公务员",
                "ja": "外国人住民、区民、担当部署の職員",
                "vi": "Cư dân nước ngoài, người dân Gangnam và cán bộ các phòng ban",
            },
        },
        {
            "starts_at": _at(5, 20, 15, 10),
            "ends_at": _at(5, 20, 15, 50),
            "title": {
                "ko": "원탁별 결과 발표 및 내년 과제 투표",
                "en": "Round-table findings and vote on next year's priorities",
                "zh-hans": "圆桌成果发布及明年课题投票",
                "ja": "円卓ごとの結果発表・来年の課題投票",
                "vi": "Trình bày kết quả các bàn tròn và bỏ phiếu ưu tiên năm tới",
            },
            "speaker": {
                "ko": "원탁별 대표 참가자",
                "en": "A spokesperson from each round table",
                "zh-hans": "各圆桌代表",
                "ja": "各円卓の代表参加者",
                "vi": "Đại diện của từng bàn tròn",
            },
        },
        {
            "starts_at": _at(5, 20, 15, 50),
            "ends_at": _at(5, 20, 16),
            "title": {
                "ko": "폐회 및 답변 일정 안내",
                "en": "Closing: when and how you will hear back",
                "zh-hans": "闭幕及答复时间说明",
                "ja": "閉会・回答スケジュールのご案内",
                "vi": "Bế mạc và thông báo lịch phản hồi",
            },
            "speaker": {
                "ko": "강남구 국제교류팀",
                "en": "Gangnam-gu International Relations Team",
                "zh-hans": "江南区国际交流组",
                "ja": "江南区国際交流チーム",
                "vi": "Nhóm Hợp tác quốc tế quận Gangnam",
            },
        },
    ],
}


EVENTS: list[EventData] = [TECH_FORUM, K_POP_WEEK, GREEN_SUMMIT, GOVERNANCE_DAY]


# since_year is deliberately not seeded: the year each tie was signed is for the district's
# international-relations team to confirm and enter, and a re-run must never overwrite or clear
# what they entered. A wrong year in a KPI registry is worse than an empty one.
PARTNERS: list[PartnerData] = [
    {
        "slug": "santa-clara",
        "name": {
            "ko": "산타클라라",
            "en": "Santa Clara",
            "zh-hans": "圣克拉拉",
            "ja": "サンタクララ",
            "vi": "Santa Clara",
        },
        "description": {
            "ko": "미국 캘리포니아주 실리콘밸리 한가운데에 있는 도시로, 세계적인 반도체·IT 기업이 "
            "모여 있습니다. 강남구와는 기술 창업과 인재 교류를 중심으로 협력하고 있습니다.",
            "en": "A city at the heart of California's Silicon Valley and home to world-leading "
            "semiconductor and IT companies. Its partnership with Gangnam centres on tech "
            "start-ups and exchanges of talent.",
            "zh-hans": "位于美国加利福尼亚州硅谷的核心地带，汇聚了众多世界领先的半导体和IT企业。"
            "与江南区的合作以科技创业和人才交流为重点。",
            "ja": "アメリカ・カリフォルニア州シリコンバレーの中心にある都市で、世界的な半導体・IT"
            "企業が集まっています。江南区とはテック系の起業支援と人材交流を軸に協力しています。",
            "vi": "Thành phố nằm giữa Thung lũng Silicon, bang California (Hoa Kỳ), nơi tập trung "
            "nhiều tập đoàn bán dẫn và công nghệ thông tin hàng đầu thế giới. Hợp tác với Gangnam "
            "tập trung vào khởi nghiệp công nghệ và giao lưu nhân tài.",
        },
        "country": "US",
        "kind": "sister",
        "website": "https://www.santaclaraca.gov/",
    },
    {
        "slug": "meguro",
        "name": {
            "ko": "메구로구",
            "en": "Meguro City",
            "zh-hans": "目黑区",
            "ja": "目黒区",
            "vi": "Quận Meguro",
        },
        "description": {
            "ko": "일본 도쿄도 남서부의 주거·문화 중심지로, 나카메구로 일대 메구로강 벚꽃길로 "
            "유명합니다. 강남구와는 청소년·문화 교류를 이어 가며 다문화 공생 행정의 경험을 "
            "나누고 있습니다.",
            "en": "A residential and cultural district in south-west Tokyo, known for the cherry "
            "blossoms along the Meguro River around Nakameguro. With Gangnam it runs youth and "
            "cultural exchanges and shares experience in building a multicultural community.",
            "zh-hans": "位于日本东京都西南部，以宜居和文化氛围著称，中目黑一带目黑川沿岸的樱花"
            "尤为有名。与江南区持续开展青少年和文化交流，并分享多元文化共生行政的经验。",
            "ja": "東京都南西部に位置する住宅と文化のまちで、中目黒周辺の目黒川の桜並木で知られて"
            "います。江南区とは青少年・文化交流を続けながら、多文化共生の取り組みについて経験を"
            "共有しています。",
            "vi": "Quận ở phía tây nam Tokyo (Nhật Bản), một khu dân cư giàu bản sắc văn hóa, nổi "
            "tiếng với hàng anh đào dọc sông Meguro quanh Nakameguro. Meguro và Gangnam thường "
            "xuyên giao lưu thanh thiếu niên, văn hóa và chia sẻ kinh nghiệm xây dựng cộng đồng đa "
            "văn hóa.",
        },
        "country": "JP",
        "kind": "sister",
        "website": "https://www.city.meguro.tokyo.jp/",
    },
    {
        "slug": "haidian",
        "name": {
            "ko": "하이뎬구",
            "en": "Haidian District",
            "zh-hans": "海淀区",
            "ja": "海淀区",
            "vi": "Quận Hải Điến",
        },
        "description": {
            "ko": "중국 베이징시 북서부의 구로, 베이징대·칭화대와 중관촌 과학기술단지가 자리한 "
            "중국 혁신의 중심지입니다. 강남구의 우호도시로서 기술·창업·교육 분야에서 교류하고 "
            "있습니다.",
            "en": "A district in north-west Beijing and a centre of Chinese innovation, home to "
            "Peking and Tsinghua universities and the Zhongguancun science park. As Gangnam's "
            "friendship city it works with the district on technology, start-ups and education.",
            "zh-hans": "位于北京市西北部，北京大学、清华大学和中关村科技园区坐落于此，是中国科技"
            "创新的重要中心。作为江南区的友好城市，双方在科技、创业和教育领域开展交流。",
            "ja": "北京市の北西部に位置し、北京大学・清華大学や中関村サイエンスパークを擁する中国"
            "のイノベーションの中心地です。江南区の友好都市として、テクノロジー、スタートアップ、"
            "教育の分野で交流しています。",
            "vi": "Quận ở phía tây bắc Bắc Kinh (Trung Quốc), nơi có Đại học Bắc Kinh, Đại học "
            "Thanh Hoa và khu khoa học công nghệ Trung Quan Thôn – trung tâm đổi mới sáng tạo của "
            "Trung Quốc. Là thành phố hữu nghị của Gangnam, Hải Điến hợp tác với quận trong các "
            "lĩnh vực công nghệ, khởi nghiệp và giáo dục.",
        },
        "country": "CN",
        "kind": "friendship",
        "website": "https://www.bjhd.gov.cn/",
    },
]


# The demo organizer; email and password come from settings (DEMO_ORGANIZER_*).
ORGANIZER: dict[str, object] = {
    "name": "강남 글로벌 행사 운영자",
    "preferred_language": "ko",
    "resident_type": "organization",
    "country": "KR",
    "is_staff": True,
}


# Exchange agreements with the partners above: the dashboard counts signed ones per year.
AGREEMENTS: list[AgreementData] = [
    {
        "partner": "santa-clara",
        "title": {
            "ko": "AI·반도체 스타트업 교류 협약",
            "en": "Agreement on AI and semiconductor start-up exchange",
            "zh-hans": "人工智能与半导体初创企业交流协议",
            "ja": "AI・半導体スタートアップ交流協定",
            "vi": "Thỏa thuận giao lưu khởi nghiệp AI và bán dẫn",
        },
        "axis": "tech",
        "status": "signed",
        "signed_on": date(2025, 4, 15),
    },
    {
        "partner": "santa-clara",
        "title": {
            "ko": "청년 기술 인턴십 교환 협약",
            "en": "Youth tech internship exchange agreement",
            "zh-hans": "青年科技实习交换协议",
            "ja": "青年テック・インターンシップ交換協定",
            "vi": "Thỏa thuận trao đổi thực tập công nghệ cho thanh niên",
        },
        "axis": "tech",
        "status": "signed",
        "signed_on": date(2026, 3, 10),
    },
    {
        "partner": "meguro",
        "title": {
            "ko": "청소년 문화 교류 협약",
            "en": "Youth cultural exchange agreement",
            "zh-hans": "青少年文化交流协议",
            "ja": "青少年文化交流協定",
            "vi": "Thỏa thuận giao lưu văn hóa thanh thiếu niên",
        },
        "axis": "culture",
        "status": "signed",
        "signed_on": date(2025, 8, 20),
    },
    {
        "partner": "meguro",
        "title": {
            "ko": "다문화 공생 행정 협력 협약",
            "en": "Agreement on cooperation for multicultural coexistence in local government",
            "zh-hans": "多元文化共生行政合作协议",
            "ja": "多文化共生行政に関する協力協定",
            "vi": "Thỏa thuận hợp tác hành chính vì cộng đồng đa văn hóa",
        },
        "axis": "inclusion",
        "status": "signed",
        "signed_on": date(2026, 6, 5),
    },
    {
        "partner": "haidian",
        "title": {
            "ko": "탄소중립 도시 협력 양해각서",
            "en": "Memorandum of understanding on carbon-neutral cities",
            "zh-hans": "碳中和城市合作谅解备忘录",
            "ja": "カーボンニュートラル都市協力に関する覚書",
            "vi": "Bản ghi nhớ hợp tác về thành phố trung hòa carbon",
        },
        "axis": "green",
        "status": "signed",
        "signed_on": date(2026, 9, 18),
    },
    {
        "partner": "haidian",
        "title": {
            "ko": "디지털 행정 데이터 공유 협약",
            "en": "Agreement on sharing digital administration data",
            "zh-hans": "数字行政数据共享协议",
            "ja": "デジタル行政データ共有協定",
            "vi": "Thỏa thuận chia sẻ dữ liệu hành chính số",
        },
        "axis": "inclusion",
        "status": "negotiating",
        "signed_on": None,
    },
]
