"""Vendor and product words, in one table: who an error text belongs to (INTERFACE.md).

Each vendor lists its products, the ones errcode has a catalog for and the ones it has not
(Agora's RTC SDK beside Cloud Recording, Tencent's TRTC beside Cloud Live, NetEase Cloud Music
beside Yunxin). A product's `words` are what people write ("cloud recording", "云端录制"); its
`marks` are what software writes (SDK package and class names, API hosts): stronger evidence.
A vendor with no catalog at all (LiveKit, Twilio, ...) is in the table too, so errcode can say
"looks like a LiveKit error; errcode has no LiveKit catalog" instead of answering with another
vendor's entry for the same number.

Words match case-insensitively on identifier boundaries (bot.evidence); the longest wins, so
"网易云音乐" is Cloud Music, not the "网易" of Yunxin.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from http import HTTPStatus

import ahocorasick


@dataclass(frozen=True)
class Product:
    id: str  # unique across the table: "agora/rtc-sdk"
    display: str
    display_zh: str
    words: tuple[str, ...] = ()
    marks: tuple[str, ...] = ()
    # words several vendors use for their own product ("cloud recording", "云端录制"): they pick
    # this product once the vendor is known, and never select the vendor alone
    hints: tuple[str, ...] = ()
    catalogs: tuple[str, ...] = ()  # bundled catalog ids that cover it; () = errcode has none
    # catalog -> the one section of it this product shares (Tencent API 3.0 common error codes)
    shares: tuple[tuple[str, str], ...] = ()
    server_only: bool = False  # a server API: an SDK callback's code (onError) is not one of its codes
    client: bool = False  # the vendor's client SDK: where an SDK callback's or constant's code belongs


@dataclass(frozen=True)
class Vendor:
    id: str
    display: str  # English display name
    display_zh: str
    words: tuple[str, ...]  # lowercase words that select this vendor in a query
    marks: tuple[str, ...] = ()  # SDK packages, class names, hosts naming the vendor, no product
    products: tuple[Product, ...] = ()


_TENCENT_COMMON = (("tencent-live", "公共错误码"),)  # every Tencent Cloud API 3.0 product's common codes
# Tencent Cloud Live (CSS) API 3.0 actions (cloud.tencent.com/document/api/267), the ones no other
# cloud's live API names alike (Aliyun's live API has ForbidLiveStream and ResumeLiveStream too)
_TENCENT_LIVE_ACTIONS = tuple(a.lower() for a in (
    "CreateLiveRecordRule", "CreateLiveRecordTemplate", "CreateLiveTranscodeRule", "CreateLiveTranscodeTemplate",
    "CreateLiveCallbackRule", "CreateLiveCallbackTemplate", "CreateLiveSnapshotRule", "CreateLiveSnapshotTemplate",
    "CreateLiveWatermarkRule", "CreateLivePullStreamTask", "CreateCommonMixStream", "CancelCommonMixStream",
    "DeleteLiveRecordRule", "DeleteLiveRecordTemplate", "DeleteLiveTranscodeRule", "DeleteLiveCallbackRule",
    "DescribeLiveStreamOnlineList", "DescribeLiveStreamState", "DescribeLiveStreamPublishedList",
    "DescribeLiveRecordRules", "DescribeLiveRecordTemplates", "DescribeLiveTranscodeRules",
    "DescribeLiveCallbackRules", "DescribeLivePullStreamTasks", "DescribeLivePlayAuthKey",
    "DescribeLivePushAuthKey", "ModifyLivePlayAuthKey", "ModifyLivePushAuthKey", "DropLiveStream",
    "DescribeLiveForbidStreamList", "DescribeLiveStreamEventList",
))

_TABLE: tuple[Vendor, ...] = (
    Vendor(
        "agora", "Agora", "声网", ("agora", "声网", "shengwang", "agora.io"),
        marks=("api.agora.io", "api.sd-rtn.com", "sd-rtn"),
        products=(
            Product(
                "agora/cloud-recording", "Agora Cloud Recording", "声网云端录制",
                words=("agora cloud recording", "声网云录制", "声网云端录制", "声网录制"),
                hints=("cloud recording", "cloud-recording", "cloudrecording", "云端录制", "云录制"),
                marks=("cloud_recording", "/cloud_recording/", "resourceid", "api.agora.io/v1/apps"),
                catalogs=("agora-cloud-recording",),
                server_only=True,
            ),
            Product(
                "agora/rtc-sdk", "Agora RTC SDK", "声网 RTC SDK", client=True,
                words=("agora rtc sdk", "agora video sdk", "agora voice sdk", "agora web sdk", "声网 sdk", "声网sdk"),
                marks=(
                    "io.agora.rtc", "io.agora.rtc2", "agorartcengine", "agorartckit", "agora-rtc-sdk",
                    "agora-rtc-sdk-ng", "agora_rtc_engine", "agora-rtc-react", "react-native-agora",
                    "agorartc", "agorartcerror", "agorartcexception", "irtcengine", "irtcengineeventhandler",
                    "rtcengine.create", "agora_rtc", "agorartcsdk", "agora-electron-sdk", "agora_rtc_sdk",
                    # every io.agora.* package and Agora* Objective-C class is a client SDK's
                    "io.agora.", "agoraengine", "agora_rtc_ng", "agorartc_sdk", "agora-sdk",
                    # the iOS/macOS SDK's error enum (AgoraErrorCodeTokenExpired = 109)
                    "agoraerrorcode",
                ),
            ),
            Product(
                "agora/on-premise-recording", "Agora On-Premise Recording SDK", "声网本地服务端录制",
                words=("on-premise recording", "on premise recording", "本地服务端录制", "本地录制 sdk"),
                marks=("on-premise-recording", "agorarecordingsdk", "agora_recording_sdk", "recording_sdk",
                       "m_agorasdk", "agorasdk.createchannel"),
            ),
            Product(
                "agora/rest-other", "Agora RESTful APIs other than Cloud Recording", "声网其他 RESTful API",
                words=("agora cloud transcoding", "agora media push", "agora media gateway", "agora cloud player",
                       "声网云端转码", "声网旁路推流"),
                # Cloud Transcoding's task token; products other vendors also have, once Agora is in sight
                hints=("buildertoken", "cloud transcoding", "云端转码", "media push", "media gateway", "cloud player"),
                marks=("api.agora.io/dev/v1", "/dev/v1/channel", "/dev/v1/kicking-rule", "/dev/v2/project",
                       "api.agora.io/v1/projects", "/rtsc/cloud-transcoder", "/rtmp-converters", "/cloud-player",
                       "cloudtranscoder", "cloud-transcoder"),
            ),
            Product(
                # its REST API numbers errors like Cloud Recording's (49, 53, 62, 1001, 1003) with its own
                # meanings; acquire gives a tokenName and start a taskId where Cloud Recording has resourceId/sid
                "agora/real-time-stt", "Agora Real-Time STT", "声网实时语音转文字",
                words=("agora stt", "agora real-time stt", "agora speech-to-text", "声网实时转写", "声网语音转文字"),
                hints=("tokenname", "real-time stt", "speech-to-text", "实时语音转写", "实时语音转文字"),
                marks=("/rtsc/speech-to-text", "api/speech-to-text"),
            ),
            Product(
                "agora/rtm", "Agora RTM (Signaling)", "声网云信令",
                words=("agora rtm", "rtm sdk", "signaling sdk", "云信令", "agora signaling", "声网信令", "声网 rtm"),
                marks=("agora-rtm", "agorartm", "io.agora.rtm", "agora_rtm", "rtmclient",
                       "rtm_error_", "rtm_login_err", "rtm_connection_"),  # RTM 1.x/2.x SDKs' error constants
            ),
            Product(
                # Conversational AI Engine: its REST API's own codes (1002, 5406, ...)
                "agora/convoai", "Agora Conversational AI Engine", "声网对话式 AI 引擎",
                words=("agora conversational ai", "conversational ai engine", "agora convoai", "convoai",
                       "对话式 ai", "对话式ai"),
                hints=("conversational ai",),
                marks=("conversational-ai-agent", "/convoai/", "agora-agent"),
            ),
            Product(
                "agora/whiteboard", "Agora Interactive Whiteboard", "声网互动白板",
                words=("agora whiteboard", "netless"),
                # Volcengine's whiteboard service is "互动白板" too: the words pick Agora's once Agora is named
                hints=("interactive whiteboard", "互动白板"),
                marks=("white-web-sdk", "netless", "whiteboard-sdk", "@netless", "fastboard"),
            ),
            Product(
                "agora/classroom", "Agora Flexible Classroom", "声网灵动课堂",
                words=("flexible classroom", "灵动课堂"),
                marks=("agora-classroom-sdk", "agora-edu-core", "agoraedu", "agora-edu"),
            ),
            Product(
                "agora/chat", "Agora Chat", "声网即时通讯",
                words=("agora chat", "agora im"),
                marks=("io.agora.chat", "agora-chat", "agora_chat", "agorachat"),
            ),
        ),
    ),
    Vendor(
        "tencent", "Tencent Cloud", "腾讯云", ("tencent", "腾讯", "腾讯云", "qcloud", "tencentcloud", "tcloud"),
        marks=("tencentcloudapi", "tencentcloudsdk", "tencentcloud-sdk", "tencentcloud_sdk", "tencentcloud.common",
               "tencentcloudsdkexception", "cloud.tencent.com"),
        products=(
            Product(
                "tencent/live", "Tencent Cloud Live (CSS)", "腾讯云直播",
                words=("云直播", "cloud live", "tencent live", "css live", "腾讯直播", "腾讯云直播"),
                marks=("live.tencentcloudapi.com", "live.v20180801", "tencentcloud.live", "live_client", "liveclient",
                       "v20180801", *_TENCENT_LIVE_ACTIONS,
                       # Cloud Live's default push and playback domains (xxx.livepush.myqcloud.com), not COS's
                       "livepush.myqcloud.com", "liveplay.myqcloud.com",
                       # Cloud Live's documents on Tencent Cloud's site (product 267)
                       "cloud.tencent.com/document/api/267", "cloud.tencent.com/document/product/267"),
                catalogs=("tencent-live",),
                server_only=True,
            ),
            Product(
                "tencent/trtc", "Tencent TRTC", "腾讯云实时音视频 TRTC",
                words=("trtc", "实时音视频"),
                marks=("trtc.tencentcloudapi.com", "trtc.v20190722", "trtccloud", "com.tencent.trtc", "trtc-js-sdk",
                       "trtc-sdk", "trtc_client", "trtcclient", "tencentcloud.trtc", "trtc-sdk-v5", "liteav"),
                shares=_TENCENT_COMMON,
            ),
            Product(
                "tencent/mlvb", "Tencent Mobile Live Video Broadcasting SDK (MLVB)", "腾讯云移动直播 SDK",
                words=("mlvb", "移动直播", "小直播"),
                marks=("com.tencent.rtmp", "txlivepusher", "txliveplayer", "v2txlivepusher", "v2txliveplayer",
                       "txlivebase", "tencent.rtmp", "txvodplayer"),
            ),
            Product(
                "tencent/uikit", "Tencent Cloud UI kits (TUICallKit, TUIRoomKit, TUIKit)", "腾讯云 TUIKit 组件",
                words=("tuicallkit", "tuiroomkit", "tuikit", "tuilivekit"),
                marks=("tuicallkit", "tuiroomkit", "tuikit", "tuicallengine", "tuilivekit", "tuicore"),
            ),
            Product(
                "tencent/im", "Tencent Cloud IM (Chat)", "腾讯云即时通信 IM",
                words=("腾讯云im", "腾讯云 im", "tencent im", "tencent cloud chat", "即时通信 im", "即时通信im"),
                marks=("tim-js-sdk", "tencentcloudchat", "tencent-cloud-chat", "com.tencent.imsdk", "timsdk",
                       "tim-wx-sdk", "@tencentcloud/chat"),
            ),
            Product(
                "tencent/cos", "Tencent Cloud COS", "腾讯云对象存储 COS",
                words=("对象存储", "tencent cos"),
                marks=("cos-python-sdk", "qcloud_cos", "cosserviceerror", "cos-nodejs-sdk", "cos-js-sdk", "myqcloud.com"),
            ),
            Product(
                "tencent/cloudbase", "Tencent CloudBase (TCB)", "腾讯云开发 CloudBase",
                words=("tcb", "cloudbase", "腾讯云开发", "云开发 cloudbase"),
                marks=("tcb.tencentcloudapi.com", "tcb-admin-node", "@cloudbase", "tcb-js-sdk", "tcb.v20180608",
                       "tencentcloudbase"),
                shares=_TENCENT_COMMON,
            ),
            Product(
                "tencent/edgeone", "Tencent EdgeOne", "腾讯云 EdgeOne",
                words=("edgeone",),
                marks=("tencentcloud-eo", "teo.tencentcloudapi.com", "teo.v20220901", "tencentcloud.teo"),
                shares=_TENCENT_COMMON,
            ),
            Product(
                "tencent/vod", "Tencent Cloud VOD", "腾讯云点播",
                words=("云点播",),
                marks=("vod.tencentcloudapi.com", "vod.v20180717", "vod-js-sdk"),
                shares=_TENCENT_COMMON,
            ),
            Product(
                "tencent/sms", "Tencent Cloud SMS", "腾讯云短信",
                words=("腾讯云短信",),
                marks=("sms.tencentcloudapi.com", "sms.v20210111", "sms.v20190711"),
                shares=_TENCENT_COMMON,
            ),
        ),
    ),
    Vendor(
        "volcengine", "Volcengine (BytePlus)", "火山引擎",
        ("volcengine", "火山", "火山引擎", "byteplus", "volc", "volcano engine"),
        marks=("volcengineapi", "volcenginesdk", "volcengine-python-sdk", "volcengine-go-sdk", "volcengine-java-sdk",
               "volcengine-sdk", "volces.com", "byteplusapi"),
        products=(
            Product(
                "volcengine/rtc-openapi", "Volcengine RTC OpenAPI", "火山引擎 RTC 服务端 OpenAPI",
                words=("vertc", "volcengine rtc", "火山引擎rtc", "火山引擎 rtc", "byteplus rtc"),
                marks=("rtc.volcengineapi.com", "volcenginesdkrtc", "rtc.byteplusapi.com", "startrecord",
                       "stoprecord", "startpushstream", "starttranscode"),
                catalogs=("volcengine-rtc",),
                server_only=True,
            ),
            Product(
                "volcengine/rtc-sdk", "Volcengine RTC client SDK (ByteRTC)", "火山引擎 RTC 客户端 SDK", client=True,
                words=("bytertc",),
                marks=("com.ss.bytertc", "bytertcengine", "@volcengine/rtc", "volc_engine_rtc", "bytertcvideo"),
            ),
            Product(
                # named by a ResponseMetadata whose Service is not "rtc" (Live, VOD, Ark, IAM, ...)
                "volcengine/openapi-other", "Volcengine OpenAPI (a service other than RTC)", "火山引擎 OpenAPI（RTC 以外的服务）",
            ),
            Product(
                "volcengine/ark", "Volcengine Ark (Doubao models)", "火山方舟（豆包大模型）",
                words=("volcengine ark", "火山方舟", "doubao", "豆包大模型"),
                marks=("ark.cn-beijing.volces.com", "volcenginesdkarkruntime", "ark-runtime", "arkruntime"),
            ),
            Product(
                "volcengine/speech", "Volcengine speech services", "火山引擎语音技术",
                words=("豆包语音", "火山语音", "volcengine tts", "volcengine asr"),
                marks=("openspeech.bytedance.com", "speech.volcengine"),
            ),
            Product(
                "volcengine/live", "Volcengine Live", "火山引擎视频直播",
                words=("volcengine live", "火山引擎视频直播", "火山直播", "velive"),
                hints=("视频直播",),  # other clouds' live too: they pick it once Volcengine is named
                marks=("velive", "live.volcengineapi.com", "volcenginesdklive"),
            ),
            Product(
                "volcengine/vod", "Volcengine VOD", "火山引擎视频点播",
                words=("volcengine vod", "火山引擎视频点播", "火山点播"),
                hints=("视频点播", "点播", "vod"),  # other clouds' VOD too: they pick it once Volcengine is named
                marks=("vod.volcengineapi.com", "volcenginesdkvod"),
            ),
            Product(
                "volcengine/tos", "Volcengine TOS", "火山引擎对象存储 TOS",
                marks=("tos-cn-", "volcengine.tos", "tosclienterror", "tosservererror", "ve-tos"),
            ),
        ),
    ),
    Vendor(
        "netease", "NetEase Yunxin", "网易云信",
        # CommsEase: Yunxin's name abroad (commsease.com)
        ("netease", "网易", "云信", "yunxin", "网易云信", "nim", "nertc", "commsease"),
        marks=("netease.im", "yunxinsdk", "nertc-web-sdk", "webrtc2", "commsease.com"),
        products=(
            Product(
                "netease/yunxin-webrtc", "NetEase Yunxin WebRTC SDK", "网易云信 WebRTC SDK",
                words=("云信", "yunxin", "nertc"),
                marks=("netease.im", "nertc-web-sdk", "webrtc2", "nertc.createclient", "knertc", "nertcerrorcode",
                       "com.netease.lava", "nertcengine", "nertcsdk", "nertc_sdk", "nertccallback",
                       "nertcroomservererrorcode",
                       "nertc"),  # every NERtc* identifier (NERtcErrorChannel..., NERtcEngine) is the SDK's
                catalogs=("netease-webrtc",),
            ),
            Product(
                # Yunxin IM (NIM) shares Yunxin's server status codes (the serverCode table)
                "netease/im", "NetEase Yunxin IM (NIM)", "网易云信即时通讯 IM",
                # 网易云通信: Yunxin IM's earlier name (its SDK docs and old posts), not the music's 网易云
                words=("云信im", "云信 im", "nim sdk", "网易云通信"),
                marks=("nimuikit", "nim-uikit", "nimsdk", "nim_sdk", "com.netease.nimlib", "nimlib",
                       "nim-web-sdk", "@yxim",
                       # the NIM SDKs' result-code enums (nim_res_code_def.h, NIMGlobalDefs.h) and the
                       # iOS SDK's server NSError domain (NIMRemoteErrorDomain, NIMRemoteErrorCode...)
                       "knimres", "nimremoteerror", "nimrescode",
                       # the NIM SDKs' entry classes: Android's NIMClient, iOS's NIMAutoLoginData and
                       # managers, Flutter's NIMResultCode (nim_core)
                       "nimclient", "nimautologin", "nimloginmanager", "nimchatmanager", "nimresultcode", "nim_core"),
                shares=(("netease-webrtc", "serverCode"),),
            ),
            Product(
                # the NIM iOS SDK's local errors (NIMLocalErrorDomain, NIMLocalErrorCodeInvalidParam = 1, ...):
                # the SDK's own numbers, not the server's status codes
                "netease/im-local", "NetEase Yunxin IM SDK (local codes)", "网易云信 IM SDK 本地",
                marks=("nimlocalerror",),
            ),
            Product(
                # NetEase Meeting (NERoom) has codes of its own (406 "token expired", 102 "need login")
                "netease/meeting", "NetEase Meeting (NERoom)", "网易会议",
                words=("网易会议", "云信会议", "netease meeting", "nemeeting", "neroom"),
                marks=("nemeetingkit", "nemeetingsdk", "neroomkit", "com.netease.yunxin.kit.meeting"),
            ),
            Product(
                "netease/cloud-music", "NetEase Cloud Music", "网易云音乐",
                # "网易云" alone is what people call the music service (Yunxin is "云信")
                words=("网易云音乐", "netease cloud music", "netease music", "cloud music", "网易云 音乐", "网易云"),
                marks=("neteasecloudmusicapi", "music.163.com", "cloudmusic", "netease-cloud-music", "ncmapi",
                       "neteasemusic"),
            ),
            Product(
                "netease/yidun", "NetEase Yidun (security)", "网易易盾",
                words=("易盾", "yidun"),
                marks=("dun.163.com", "dun.163yun.com"),
            ),
            Product(
                "netease/qiyu", "NetEase Qiyu (customer service)", "网易七鱼",
                words=("网易七鱼", "七鱼", "qiyu"),
                marks=("qiyukf.com", "qiyu-sdk"),
            ),
            Product(
                "netease/games", "NetEase Games", "网易游戏",
                words=("网易游戏", "netease games"),
            ),
            Product(
                "netease/youdao", "NetEase Youdao", "网易有道",
                words=("有道", "youdao"),
                marks=("openapi.youdao.com",),
            ),
            Product(
                "netease/mail", "NetEase Mail", "网易邮箱",
                words=("网易邮箱", "163邮箱", "126邮箱"),
            ),
        ),
    ),
    Vendor("rtc-platform", "RTC platform (vendor unnamed)", "RTC 平台", ("rtc-platform",)),
    # Vendors errcode has no catalog for: named so their errors are not answered as someone else's.
    Vendor("livekit", "LiveKit", "LiveKit", ("livekit",), marks=("livekit-client", "livekit-server-sdk", "livekit.io")),
    Vendor("twilio", "Twilio", "Twilio", ("twilio",), marks=("twilio.com", "twilio-video", "twilioexception")),
    Vendor("aws", "AWS", "AWS", ("aws", "amazon web services", "amazon chime", "chime sdk", "amazon ivs", "kinesis",
                                 # its services, named alone ("retried for S3")
                                 "s3", "amazon s3", "ec2", "dynamodb", "cloudwatch", "sqs", "cloudfront", "route 53",
                                 "elasticache", "aws lambda", "amazon sns"),
           marks=("amazonaws.com", "boto3", "botocore", "aws-sdk", "amazon-chime-sdk", "@aws-sdk")),
    Vendor("aliyun", "Alibaba Cloud (Aliyun)", "阿里云", ("aliyun", "阿里云", "alibaba cloud", "alibabacloud"),
           marks=("aliyuncs.com", "aliyun-python-sdk", "alibabacloud_", "aliyun-openapi", "aliyunsdk", "alirtc")),
    Vendor("qiniu", "Qiniu", "七牛云", ("qiniu", "七牛", "七牛云", "qnrtc"), marks=("qiniu.com", "qiniuapi", "qnrtc", "pili")),
    Vendor("easemob", "Easemob (Huanxin)", "环信", ("easemob", "环信", "hyphenate"),
           marks=("easemob.com", "easemob-websdk", "com.hyphenate", "hyphenate", "im_flutter_sdk", "emclient", "emerror",
                  "processgeneralrestresponseerror", "easemob_im")),
    Vendor("zego", "ZEGOCLOUD", "即构", ("zego", "zegocloud", "即构", "即构科技"),
           marks=("zego-express", "zegoexpressengine", "im.zego", "zego_express_engine", "zegocloud.com")),
    Vendor("daily", "Daily", "Daily", ("daily.co",), marks=("@daily-co", "daily-js", "daily-python")),
    Vendor("vonage", "Vonage (OpenTok)", "Vonage", ("vonage", "opentok", "tokbox", "nexmo"), marks=("opentok.js", "@vonage")),
    Vendor("zoom", "Zoom", "Zoom", ("zoom sdk", "zoom video sdk", "zoom meeting sdk", "zoomus"), marks=("zoom.us", "@zoom/")),
    Vendor("huawei", "Huawei Cloud", "华为云", ("huawei cloud", "huaweicloud", "华为云"), marks=("myhuaweicloud.com", "huaweicloudsdk")),
    Vendor("rongcloud", "RongCloud", "融云", ("rongcloud", "融云"), marks=("rongcloud.cn", "rongimlib", "@rongcloud")),
    # not "百度" alone: "百度了一下" is "I searched the web"
    Vendor("baidu", "Baidu AI Cloud", "百度智能云", ("baidu cloud", "百度智能云", "百度云"), marks=("baidubce.com", "bce-sdk")),
    Vendor("azure", "Microsoft Azure", "Azure", ("azure", "azure communication services"),
           marks=("azure.com", "@azure/communication", "azure-communication")),
    Vendor("firebase", "Firebase", "Firebase", ("firebase",), marks=("firebaseio.com", "firebase-admin")),
    Vendor("mediasoup", "mediasoup", "mediasoup", ("mediasoup",)),
    Vendor("janus", "Janus Gateway", "Janus", ("janus gateway", "janus-gateway"), marks=("janus.js",)),
    Vendor("jitsi", "Jitsi", "Jitsi", ("jitsi",), marks=("lib-jitsi-meet", "jitsi-meet")),
    Vendor("100ms", "100ms", "100ms", ("100ms.live",), marks=("@100mslive",)),
    Vendor("pubnub", "PubNub", "PubNub", ("pubnub",)),
    Vendor("sendbird", "Sendbird", "Sendbird", ("sendbird",)),
    Vendor("stream", "Stream (getstream.io)", "Stream", ("getstream", "getstream.io", "stream-chat"), marks=("stream-video",)),
    Vendor("anyrtc", "anyRTC", "anyRTC", ("anyrtc",)),
    # Chinese cloud and SDK vendors whose codes look like the catalogs' numbers
    Vendor("jiguang", "Jiguang (JPush / JMessage)", "极光", ("极光", "jiguang", "jpush", "jmessage", "极光推送"),
           marks=("jpush-", "jmessage-", "cn.jiguang", "cn.jpush", "jiguang.cn")),
    Vendor("getui", "Getui", "个推", ("个推", "getui"), marks=("com.igexin", "getui.com")),
    Vendor("umeng", "Umeng", "友盟", ("友盟", "umeng"), marks=("com.umeng", "umeng.com")),
    Vendor("iflytek", "iFlytek", "科大讯飞", ("讯飞", "科大讯飞", "iflytek", "xfyun", "讯飞开放平台"),
           marks=("xfyun.cn", "iflytek.com", "com.iflytek")),
    Vendor("upyun", "UPYUN", "又拍云", ("又拍云", "upyun"), marks=("upyun.com",)),
    Vendor("talkcloud", "TalkCloud", "拓课云", ("拓课云", "talkcloud"), marks=("tkroom", "talk-cloud")),
    Vendor("baijiayun", "Baijiayun", "百家云", ("百家云", "baijiayun"), marks=("baijiayun.com",)),
    Vendor("polyv", "POLYV", "保利威", ("保利威", "polyv"), marks=("polyv.net",)),
    Vendor("vhall", "Vhall", "微吼", ("微吼", "vhall"), marks=("vhall.com",)),
    Vendor("openvidu", "OpenVidu", "OpenVidu", ("openvidu",),
           marks=("openvidu-browser", "openvidu-java-client", "openvidu-node-client", "/openvidu/api")),
    Vendor("bigbluebutton", "BigBlueButton", "BigBlueButton", ("bigbluebutton",), marks=("bbb-web", "bigbluebutton-")),
    Vendor("red5", "Red5", "Red5", ("red5", "red5pro", "red5 pro"), marks=("red5pro-",)),
    Vendor("webex", "Webex", "Webex", ("webex",), marks=("webex.com", "webexapis.com", "@webex/")),
    Vendor("voximplant", "Voximplant", "Voximplant", ("voximplant",), marks=("voximplant.com",)),
    Vendor("stringee", "Stringee", "Stringee", ("stringee",), marks=("stringee.com",)),
    Vendor("cometchat", "CometChat", "CometChat", ("cometchat",), marks=("@cometchat", "cometchat.io")),
    # WeChat's own API errors; "微信"/"小程序" alone are where an app runs, not whose error it is
    Vendor("wechat", "WeChat", "微信", ("wechat api", "微信接口", "微信支付", "wechat pay", "公众号接口"),
           marks=("api.weixin.qq.com", "api.mch.weixin.qq.com", "mp.weixin.qq.com", "wechatpay")),
    Vendor("wecom", "WeCom (WeChat Work)", "企业微信", ("企业微信", "wecom", "wechat work"),
           marks=("qyapi.weixin.qq.com", "work.weixin.qq.com")),
    Vendor("feishu", "Feishu / Lark", "飞书", ("飞书", "feishu", "larksuite", "lark open platform"),
           marks=("open.feishu.cn", "open.larksuite.com", "lark-oapi", "larksuiteoapi")),
    Vendor("dingtalk", "DingTalk", "钉钉", ("钉钉", "dingtalk"), marks=("oapi.dingtalk.com", "api.dingtalk.com")),
    Vendor("alipay", "Alipay", "支付宝", ("支付宝", "alipay"), marks=("openapi.alipay.com", "alipay-sdk")),
    Vendor("google", "Google Cloud", "谷歌云", ("google cloud", "gcp", "google api"),
           marks=("googleapis.com", "google.cloud", "google-cloud-", "@google-cloud", "google.api_core")),
    Vendor("cloudflare", "Cloudflare", "Cloudflare", ("cloudflare",), marks=("cloudflare.com", "api.cloudflare.com")),
    Vendor("mux", "Mux", "Mux", ("mux video", "mux data"), marks=("api.mux.com", "@mux/", "mux-node", "mux-python")),
    Vendor("dolby", "Dolby.io / Millicast", "Dolby.io", ("dolby.io", "dolbyio", "millicast"),
           marks=("dolby.io", "millicast.com", "@millicast")),
    Vendor("wowza", "Wowza", "Wowza", ("wowza",), marks=("wowza.com",)),
    Vendor("antmedia", "Ant Media Server", "Ant Media", ("ant media", "antmedia"), marks=("antmedia.io", "@antmedia")),
    Vendor("kurento", "Kurento", "Kurento", ("kurento",), marks=("kurento-client", "kurento-utils")),
    Vendor("pion", "Pion WebRTC", "Pion", ("pion webrtc",), marks=("pion/webrtc", "pion/ice", "pion/dtls")),
    Vendor("telnyx", "Telnyx", "Telnyx", ("telnyx",), marks=("telnyx.com",)),
    Vendor("plivo", "Plivo", "Plivo", ("plivo",), marks=("plivo.com",)),
    Vendor("sinch", "Sinch", "Sinch", ("sinch",), marks=("sinch.com",)),
    Vendor("signalwire", "SignalWire", "SignalWire", ("signalwire",), marks=("signalwire.com",)),
    Vendor("infobip", "Infobip", "Infobip", ("infobip",), marks=("infobip.com",)),
    Vendor("messagebird", "MessageBird (Bird)", "MessageBird", ("messagebird",), marks=("messagebird.com",)),
    Vendor("jdcloud", "JD Cloud", "京东云", ("京东云", "jdcloud"), marks=("jdcloud-api.com", "jdcloud.com")),
    Vendor("ksyun", "Kingsoft Cloud", "金山云", ("金山云", "ksyun"), marks=("ksyun.com",)),
    Vendor("ucloud", "UCloud", "优刻得", ("ucloud", "优刻得", "urtc"), marks=("ucloud.cn", "ucloudrtc")),
    Vendor("pano", "Pano (拍乐云)", "拍乐云", ("拍乐云", "panortc"), marks=("pano.video", "panortc", "@pano.video")),
    Vendor("wangsu", "Wangsu (ChinaNetCenter)", "网宿", ("网宿", "wangsu", "chinanetcenter"), marks=("wangsu.com",)),
)

VENDORS: dict[str, Vendor] = {v.id: v for v in _TABLE}
PRODUCTS: dict[str, tuple[Vendor, Product]] = {p.id: (v, p) for v in _TABLE for p in v.products}

# Vendors with a bundled catalog (the rest are named only to be honest about them).
BUNDLED_VENDORS = frozenset({"agora", "tencent", "volcengine", "netease", "rtc-platform"})
SERVER_ONLY_CATALOGS = frozenset(c for _, p in PRODUCTS.values() if p.server_only for c in p.catalogs)
# (catalog, section) pairs several products share: their codes are no one product's evidence
SHARED_SECTIONS = frozenset(pair for _, p in PRODUCTS.values() for pair in p.shares)

# word -> vendor id, for the vendor words of a query (longest words first helps prefix scanning);
# one-word product words select their vendor too ("trtc" is Tencent)
VENDOR_WORDS: dict[str, str] = {
    word: vendor.id
    for vendor in VENDORS.values()
    for word in sorted(
        [*vendor.words, *(w for p in vendor.products for w in p.words if " " not in w)], key=len, reverse=True
    )
}


def vendor_display(vendor_id: str | None, lang: str | None = None) -> str:
    if not vendor_id:
        return "unknown vendor" if lang != "zh" else "未知厂商"
    vendor = VENDORS.get(vendor_id)
    if vendor is None:
        return vendor_id
    return vendor.display_zh if lang == "zh" else vendor.display


def product_display(product_id: str | None, lang: str | None = None) -> str | None:
    found = PRODUCTS.get(product_id or "")
    if found is None:
        return None
    return found[1].display_zh if lang == "zh" else found[1].display


def vendor_for_word(word: str) -> str | None:
    """The vendor id a single word selects, or None. Case-insensitive."""
    return VENDOR_WORDS.get(word.strip().lower())


# -- finding the table's words in a text -----------------------------------------------------------


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    vendor: str
    product: str | None  # a Product id, when the words name one
    kind: str  # word | mark | hint (a product word that does not select the vendor alone)
    text: str
    # the vendor's name opening a CamelCase identifier (YunxinParam): code written against one of its
    # SDKs; it selects the vendor but does not name it the way a word does (names_vendor)
    camel: bool = False


# Marks that are a request field's name (Cloud Recording's resourceId): product evidence for a code
# only that product has, but every cloud API has such a field, so they name no vendor for an
# HTTP-like number (the label audit's rule A)
FIELD_MARKS = frozenset({"resourceid"})


def names_vendor(mention: Mention) -> bool:
    """The mention names its vendor itself ("腾讯云", "tencentcloud-sdk", "live.tencentcloudapi.com"),
    not only one of its products ("云直播", "tcb") or an API action (CreateLiveRecordRule)."""
    if mention.camel:
        return False
    if mention.product is None:
        return True
    found = VENDORS.get(mention.vendor)
    said = mention.text.lower()
    return found is not None and any(word in said for word in found.words if len(word) >= 4 or not word.isascii())


def vendor_catalogs(vendor_id: str) -> tuple[str, ...]:
    """Every bundled catalog a vendor's products cover or share, in table order."""
    found = VENDORS.get(vendor_id)
    if found is None:
        return ()
    return tuple(dict.fromkeys(c for p in found.products for c in (*p.catalogs, *(pair[0] for pair in p.shares))))


def _needles() -> list[tuple[str, str, str | None, str]]:
    found: dict[str, tuple[str, str, str | None, str]] = {}
    for vendor in _TABLE:
        if vendor.id == "rtc-platform":
            continue  # its id is no word anyone writes in a paste
        for word in vendor.words:
            found.setdefault(word, (word, vendor.id, None, "word"))
        for mark in vendor.marks:
            found.setdefault(mark, (mark, vendor.id, None, "mark"))
        for product in vendor.products:
            for word in product.words:
                found[word] = (word, vendor.id, product.id, "word")
            for mark in product.marks:
                found[mark] = (mark, vendor.id, product.id, "mark")
            for hint in product.hints:
                found.setdefault(hint, (hint, vendor.id, product.id, "hint"))
    return sorted(found.values(), key=lambda n: -len(n[0]))


_NEEDLES = _needles()
MAX_MENTIONS = 200
MAX_CANDIDATES = 5_000  # raw needle hits looked at per text (a paste of "agora agora ..." is capped)


def _automaton() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for i, (needle, *_rest) in enumerate(_NEEDLES):
        automaton.add_word(needle, (i, len(needle)))
    automaton.make_automaton()
    return automaton


# every needle at once, in one pass of C (pyahocorasick): a str.find per needle over a 40,000-char
# paste cost 10 ms, one Aho-Corasick pass about 1 ms
_AUTOMATON = _automaton()


def _word_char(char: str) -> bool:
    return char.isascii() and char.isalnum()


# vendors whose table names a client SDK beside the covered server API (Agora, Volcengine): an
# identifier named after them is the client SDK's as often as the app's own ("AgoraAudioLocalError",
# "AgoraServer\Domain"), so it tells neither the vendor's product nor a claim
_WITH_CLIENT_SDK = frozenset(v.id for v in _TABLE for p in v.products if p.client)


def _camel_head(text: str, needle: str, end: int, vendor: str) -> bool:
    """A vendor's name opening a CamelCase identifier, as SDKs and wrappers name their types and
    annotations (`@YunxinParam`, `TwilioVideoClient`): the name ends where a capital starts the
    identifier's next word. Names of five letters or more only ("Nim" in NimBLE is no NetEase), and
    not of a vendor with a client SDK beside its covered API (_WITH_CLIENT_SDK)."""
    return (len(needle) >= 5 and needle.isalpha() and vendor not in _WITH_CLIENT_SDK
            and text[end].isupper() and text[end - 1].islower())


def find_mentions(text: str, *, limit: int = MAX_MENTIONS) -> list[Mention]:
    """Every vendor/product word and mark in `text`, in text order; longer ones win overlaps.

    ASCII words need identifier boundaries on both sides ("aws" not in "laws"); marks only on
    the left ("TencentCloudSDKException" holds the mark "tencentcloudsdk").
    """
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters lower to two ("İ"): keep offsets the text's
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    candidates: list[tuple[int, int, int]] = []  # (needle index, start, end)
    for end_at, (i, size) in _AUTOMATON.iter(lowered):
        at, end = end_at + 1 - size, end_at + 1
        needle, _vendor, _product, kind = _NEEDLES[i]
        if needle.isascii() and not (
            (at == 0 or not _word_char(lowered[at - 1]))
            and (kind == "mark" or end >= len(lowered) or not _word_char(lowered[end])
                 or _camel_head(text, needle, end, _NEEDLES[i][1]))
        ):
            continue
        candidates.append((i, at, end))
        if len(candidates) >= MAX_CANDIDATES:
            break
    candidates.sort()  # _NEEDLES is longest first: longer needles claim their span first
    taken = bytearray(len(text))
    found: list[Mention] = []
    for i, at, end in candidates:
        if any(taken[at:end]):
            continue
        taken[at:end] = b"\x01" * (end - at)
        _needle, vendor, product, kind = _NEEDLES[i]
        camel = kind == "word" and _needle.isascii() and end < len(text) and _word_char(lowered[end])
        found.append(Mention(at, end, vendor, product, kind, text[at:end], camel))
        if len(found) >= limit:
            break
    if any(m.camel for m in found) and any(not m.camel and m.kind != "hint" for m in found):
        # an identifier named after a vendor is the weakest evidence: a vendor's word or mark written
        # anywhere in the text decides first
        found = [m for m in found if not m.camel]
    found.sort(key=lambda m: m.start)
    return found


# -- SDK error strings: the grammar of one vendor's SDK is its evidence ----------------------------

def _code_constant(match: re.Match) -> bool:
    # tencentcloud-sdk-go's errors.go: the constant is the code upper-cased, dots as underscores
    return match.group(1) == match.group(2).upper().replace(".", "_")


SDK_ERROR_FORMATS: tuple[tuple[re.Pattern, str, str, object], ...] = (
    # tencentcloud-sdk-go: "[TencentCloudSDKError] Code=%s, Message=%s, RequestId=%s", often pasted
    # without its bracketed prefix; no other cloud's SDK writes "Code=X, Message=Y"
    (re.compile(r"(?<![\w.])Code=[A-Za-z][\w.]{0,100}, Message="), "tencent", "tencentcloud-sdk-go error string",
     None),
    # tencentcloud-sdk-go's per-product errors.go: AUTHFAILURE_SIGNATUREEXPIRE = "AuthFailure.SignatureExpire"
    (re.compile(r"(?<![\w.])([A-Z][A-Z0-9_]{2,120})\s{0,4}=\s{0,4}\"([A-Za-z][\w.]{1,120})\""), "tencent",
     "tencentcloud-sdk-go error constant", _code_constant),
)


def sdk_error_format(line: str) -> tuple[str, str] | None:
    """(vendor, which SDK's error string) when `line` is written in one vendor's SDK grammar."""
    for pattern, vendor, what, check in SDK_ERROR_FORMATS:
        for match in pattern.finditer(line):
            if check is None or check(match):
                return vendor, what
    return None


# -- API hosts: evidence both ways -----------------------------------------------------------------

_HOST = re.compile(r"^[a-z0-9-]+(?:\.[a-z0-9-]+)+$")
_URL_HOST = re.compile(r"\b(?:https?|wss?)://([A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,10})", re.IGNORECASE)
# Sites a text links for reference (an issue, a doc, a package page): where no API request went
REFERENCE_HOSTS = (
    "github.com", "githubusercontent.com", "github.io", "gitlab.com", "gitee.com", "bitbucket.org",
    "stackoverflow.com", "stackexchange.com", "segmentfault.com", "csdn.net", "juejin.cn", "zhihu.com",
    "npmjs.com", "npmjs.org", "pypi.org", "pub.dev", "maven.org", "cocoapods.org", "nuget.org", "pkg.go.dev",
    "developer.mozilla.org", "w3.org", "ietf.org", "youtube.com", "imgur.com", "google.com",
    "example.com", "example.org", "example.net",
)
# names no public site has: the asker's own machines and networks, which may stand before any vendor
_PRIVATE_SUFFIXES = (".local", ".localhost", ".internal", ".lan", ".test", ".example", ".invalid", ".svc", ".corp")


def _vendor_hosts() -> dict[str, tuple[str, ...]]:
    """vendor id -> the hosts its table entries name (marks like api.agora.io, api.agora.io/v1/apps)."""
    hosts: dict[str, set[str]] = {}
    for vendor in _TABLE:
        names = [*vendor.words, *vendor.marks, *(n for p in vendor.products for n in (*p.words, *p.marks))]
        for name in names:
            host = name.split("/")[0]
            if _HOST.match(host) and host.rsplit(".", 1)[1].isalpha():
                hosts.setdefault(vendor.id, set()).add(host)
    return {vendor: tuple(sorted(found)) for vendor, found in hosts.items()}


VENDOR_HOSTS = _vendor_hosts()


def _under(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


def _neutral_host(host: str) -> bool:
    """A host that says nothing of whose error it is: a private name, an address, a reference site."""
    return (
        "." not in host
        or host.replace(".", "").isdigit()
        or host.endswith(_PRIVATE_SUFFIXES)
        or any(_under(host, site) for site in REFERENCE_HOSTS)
    )


def url_hosts(text: str, limit: int = 50) -> tuple[str, ...]:
    """The hosts of the URLs in `text` that could be where a request went (no reference sites)."""
    found: dict[str, None] = {}
    for match in _URL_HOST.finditer(text):
        host = match.group(1).lower().rstrip(".-")
        if not _neutral_host(host):
            found.setdefault(host)
            if len(found) >= limit:
                break
    return tuple(found)


def foreign_host(hosts: tuple[str, ...], vendor: str | None) -> str | None:
    """The first host among `hosts` that is none of `vendor`'s API hosts: evidence against it."""
    if not vendor:
        return None
    own = VENDOR_HOSTS.get(vendor, ())
    for host in hosts:
        if any(_under(host, d) for d in own) or any(m.vendor == vendor for m in find_mentions(host)):
            continue  # its API host, or a host its marks name (cvm.tencentcloudapi.com)
        return host
    return None


# -- codes every big cloud uses --------------------------------------------------------------------

# Each cloud's API-wide ("common") error codes, as its public docs list them. A code two or more of
# them use is no one vendor's signature: without vendor evidence it is an ambiguous list.
CLOUD_COMMON_CODES: dict[str, tuple[str, ...]] = {
    # AWS API Reference "Common Errors" and the Amazon EC2 API "Error codes" (docs.aws.amazon.com);
    # S3's REST error codes that every SDK surfaces
    "aws": (
        "AccessDenied", "AccessDeniedException", "AuthFailure", "Blocked", "DryRunOperation",
        "IdempotentParameterMismatch", "IncompleteSignature", "InternalError", "InternalFailure", "InvalidAction",
        "InvalidClientTokenId", "InvalidParameter", "InvalidParameterCombination", "InvalidParameterValue",
        "InvalidQueryParameter", "MalformedQueryString", "MissingAction", "MissingAuthenticationToken",
        "MissingParameter", "NotAuthorized", "OptInRequired", "RequestExpired", "RequestLimitExceeded",
        "RequestTimeout", "ServiceUnavailable", "SignatureDoesNotMatch", "SlowDown", "ThrottlingException",
        "UnauthorizedOperation", "UnknownParameter", "UnsupportedOperation", "UnsupportedProtocol", "ValidationError",
        "InvalidAccessKeyId", "LimitExceeded", "ResourceNotFound",
        # Auto Scaling's and ElastiCache's "ResourceInUse" fault
        "ResourceInUse",
    ),
    # Alibaba Cloud OpenAPI common error codes (公共错误码, help.aliyun.com / api.aliyun.com)
    "aliyun": (
        "Forbidden", "Forbidden.RAM", "IncompleteSignature", "InternalError", "InvalidAccessKeyId",
        "InvalidAccessKeyId.Inactive", "InvalidAccessKeyId.NotFound", "InvalidAction.NotFound", "InvalidApi.NotFound",
        "InvalidParameter", "InvalidRegionId", "InvalidSecurityToken.Expired", "InvalidTimeStamp.Expired",
        "InvalidVersion", "MissingParameter", "MissingSecurityToken", "ServiceUnavailable", "SignatureDoesNotMatch",
        "SignatureNonceUsed", "Throttling", "Throttling.Api", "Throttling.User", "UnsupportedHTTPMethod",
        "UnsupportedOperation",
    ),
    # Tencent Cloud API 3.0 common error codes (公共错误码, cloud.tencent.com/document/api)
    "tencent": (
        "AuthFailure", "AuthFailure.InvalidAuthorization", "AuthFailure.InvalidSecretId", "AuthFailure.MFAFailure",
        "AuthFailure.SecretIdNotFound", "AuthFailure.SignatureExpire", "AuthFailure.SignatureFailure",
        "AuthFailure.TokenFailure", "AuthFailure.UnauthorizedOperation", "DryRunOperation", "FailedOperation",
        "InternalError", "InvalidAction", "InvalidParameter", "InvalidParameterValue", "InvalidRequest",
        "IpInBlacklist", "IpNotInWhitelist", "LimitExceeded", "MissingParameter", "NoSuchProduct", "NoSuchVersion",
        "RequestLimitExceeded", "RequestLimitExceeded.IPLimitExceeded", "RequestLimitExceeded.UinLimitExceeded",
        "RequestSizeLimitExceeded", "ResourceInUse", "ResourceInsufficient", "ResourceNotFound",
        "ResourceUnavailable", "ResponseSizeLimitExceeded", "ServiceUnavailable", "UnauthorizedOperation",
        "UnknownParameter", "UnsupportedOperation", "UnsupportedProtocol", "UnsupportedRegion",
    ),
    # Volcengine OpenAPI common error codes (公共错误码, volcengine.com/docs/6369/68677) and Ark's
    "volcengine": (
        "AccessDenied", "FlowLimitExceeded", "InternalError", "InternalServiceError", "InternalServiceTimeout",
        "InvalidAccessKey", "InvalidActionOrVersion", "InvalidAuthorization", "InvalidCredential",
        "InvalidParameter", "InvalidSecretToken", "InvalidTimestamp", "MissingAuthenticationToken",
        "MissingParameter", "MissingRequestInfo", "ServiceNotFound", "ServiceUnavailableTemp",
        "SignatureDoesNotMatch",
    ),
}


def _shared_codes(min_clouds: int = 2) -> frozenset[str]:
    seen: dict[str, set[str]] = {}
    for cloud, codes in CLOUD_COMMON_CODES.items():
        for code in codes:
            seen.setdefault(code.casefold(), set()).add(cloud)
    return frozenset(code for code, clouds in seen.items() if len(clouds) >= min_clouds)


def _http_reason_words() -> frozenset[str]:
    """HTTP's error reasons written as one word ("Unauthorized", "NotFound", "TooManyRequests"): every
    web API's error code may be its status's reason, so one catalog holding it is no vendor's evidence."""
    return frozenset("".join(c for c in s.phrase.casefold() if c.isalpha()) for s in HTTPStatus if s.value >= 400)


# casefolded: internalerror, invalidparameter, authfailure, ..., unauthorized, notfound
GENERIC_SYMBOLS = _shared_codes() | _http_reason_words()


# -- a product's sub-codes that many products of its vendor define ---------------------------------

# Cloud Live sub-codes that ten or more other Tencent Cloud products' APIs define as their own
# (tencentcloud-sdk-python, tencentcloud/*/v*/errorcodes.py at bf297176cf0f68bffe06666a125efda5072f347a:
# InternalError.DBError in 14 other products, InternalError.SystemError in 10; every other sub-code of
# the Live catalog in at most one): Tencent in sight does not make them Cloud Live's, only Live named does.
MULTI_PRODUCT_SUBCODES = frozenset({"internalerror.dberror", "internalerror.systemerror"})
