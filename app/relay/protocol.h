#pragma once

#include "store/event.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QLatin1StringView>
#include <QString>

#include <optional>

// Messages of the relay protocol "fleetwall-relay/1" (docs/relay.md): one JSON object per
// WebSocket text frame. Encoding and decoding live here so server, client and other tools
// agree on one definition.
namespace fw::relay {

inline constexpr QLatin1StringView ProtocolVersion{"fleetwall-relay/1"};

// Client messages are small (hello, pong, ack); events carry one alert of a push body that
// the listener caps at 1 MiB.
inline constexpr qint64 MaxClientMessageSize = 64 * 1024;
inline constexpr qint64 MaxServerMessageSize = 4 * 1024 * 1024;

enum class CloseCode : quint16 {
    Normal = 1000,
    GoingAway = 1001,
    TooBig = 1009,
    Busy = 4009, // not 1013: Qt 6.4 clients reject it as a protocol error
    Protocol = 4000,
    Unauthorized = 4001,
    TooFarBehind = 4002,
    UnsupportedVersion = 4003,
    Revoked = 4005,
    HelloTimeout = 4006,
    HeartbeatTimeout = 4007,
    Storage = 4008,
};

// The error.code string sent with a close code; empty for codes without an error message.
QLatin1StringView errorCodeName(CloseCode code);
// Inverse of errorCodeName for the client; nullopt when unknown.
std::optional<CloseCode> closeCodeFromName(QStringView name);

struct Hello
{
    QString protocol;
    QString token;
    QString serverId;  // the server the client's seqs belong to; may be empty
    QString client;    // free text, e.g. "fleetwall 0.1.0"
    qint64 lastSeq = 0;
    qint64 lastAckSeq = 0;
};

struct Welcome
{
    QString serverId;
    QString name;          // the token's name
    qint64 resumeAfter = 0;
    qint64 oldestSeq = 1;
    qint64 headSeq = 0;
    qint64 headAckSeq = 0;
    int heartbeatMs = 15000;
};

// An operator's acknowledgement shared between dashboards.
struct Ack
{
    qint64 ackSeq = 0;     // assigned by the relay
    QString ref;           // the sender's own id for it (ack and ack-stored only)
    QString from;          // the sending token's name, set by the relay
    qint64 eventSeq = 0;   // the relay's seq of the event, 0 when unknown
    QByteArray dedupKey;   // the event's identity across dashboards (raw bytes)
    QString by;            // operator
    QDateTime at;          // UTC
    QString note;
};

struct RetentionGap
{
    qint64 fromSeq = 0;
    qint64 toSeq = 0;
    qint64 oldestSeq = 0;
    QDateTime oldestReceivedAt; // invalid when nothing is retained
};

// Parses one text frame into an object with a "type"; nullopt and *error when it is not one.
std::optional<QJsonObject> parseMessage(QByteArrayView frame, QString *error);
QString messageType(const QJsonObject &message);

QByteArray encodeHello(const Hello &hello);
std::optional<Hello> decodeHello(const QJsonObject &message, QString *error);

QByteArray encodeWelcome(const Welcome &welcome);
std::optional<Welcome> decodeWelcome(const QJsonObject &message, QString *error);

// The alert is inserted as stored (compact JSON) without a second encoding.
QByteArray encodeEvent(const store::Event &event);
// Source is set to Relay; category, severity and title are left for the receiver's catalogue.
std::optional<store::Event> decodeEvent(const QJsonObject &message, QString *error);

QByteArray encodeAck(const Ack &ack);         // client -> server "ack"
QByteArray encodeAckShared(const Ack &ack);   // server -> client "ack-shared"
QByteArray encodeAckStored(const QString &ref, qint64 ackSeq);
std::optional<Ack> decodeAck(const QJsonObject &message, QString *error); // "ack" or "ack-shared"

QByteArray encodeRetentionGap(const RetentionGap &gap);
std::optional<RetentionGap> decodeRetentionGap(const QJsonObject &message, QString *error);

QByteArray encodePing(qint64 headSeq);
QByteArray encodePong(qint64 seq);
QByteArray encodeTooFarBehind(qint64 sentSeq, qint64 headSeq, const QString &reason);
QByteArray encodeError(CloseCode code, const QString &message);

// ISO-8601 UTC with milliseconds, as every time in the protocol.
QString formatTime(const QDateTime &time);

} // namespace fw::relay

Q_DECLARE_METATYPE(fw::relay::Ack)
Q_DECLARE_METATYPE(fw::relay::RetentionGap)
