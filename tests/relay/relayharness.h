#pragma once

#include "relay/ackstore.h"
#include "relay/protocol.h"
#include "relay/relayserver.h"
#include "relay/tokenstore.h"
#include "relayfakes.h"

#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>

#include <memory>

namespace fw::test {

// A relay server on 127.0.0.1 with an in-memory log, a temporary database and tokens.
struct RelayHarness
{
    explicit RelayHarness(relay::RelayServerConfig config = defaultConfig())
        : tokens(dir.filePath(u"tokens.json"_s))
        , acks(dir.filePath(u"relay.sqlite"_s))
    {
        QString error;
        QVERIFY2(acks.open(&error), qPrintable(error));
        for (const QString &name : {u"alpha"_s, u"bravo"_s, u"charlie"_s, u"delta"_s})
            tokenOf[name] = *tokens.add(name, &error);
        QVERIFY2(tokens.save(&error), qPrintable(error));
        server = std::make_unique<relay::RelayServer>(config, &log, &acks, &tokens);
        QVERIFY2(server->listen(QHostAddress::LocalHost, 0), qPrintable(server->errorString()));
        url = QUrl(u"ws://127.0.0.1:%1/"_s.arg(server->serverPort()));
    }

    static relay::RelayServerConfig defaultConfig()
    {
        relay::RelayServerConfig config;
        config.heartbeatInterval = std::chrono::milliseconds(60'000);
        config.tokenReloadInterval = std::chrono::milliseconds(100);
        return config;
    }

    QTemporaryDir dir;
    MemoryEventLog log;
    relay::TokenStore tokens;
    relay::AckStore acks;
    QHash<QString, QString> tokenOf;
    std::unique_ptr<relay::RelayServer> server;
    QUrl url;
};

// A bare protocol peer: sends what the test says and records every message and the close.
class TestPeer final : public QObject
{
public:
    explicit TestPeer(const QUrl &url)
    {
        socket.setMaxAllowedIncomingMessageSize(relay::MaxServerMessageSize);
        connect(&socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
            QString error;
            auto message = relay::parseMessage(text.toUtf8(), &error);
            QVERIFY2(message, qPrintable(error));
            messages.append(*message);
            if (relay::messageType(*message) == "event"_L1)
                eventSeqs.append(message->value("seq"_L1).toInteger());
        });
        connect(&socket, &QWebSocket::disconnected, this, [this] {
            closed = true;
            closeCode = socket.closeCode();
        });
        socket.open(url);
    }

    bool waitConnected()
    {
        return QTest::qWaitFor([this] { return socket.state() == QAbstractSocket::ConnectedState; }, 5000);
    }
    void send(const QByteArray &json) { socket.sendTextMessage(QString::fromUtf8(json)); }
    void hello(const QString &token, qint64 lastSeq = 0, qint64 lastAckSeq = 0, const QString &serverId = {})
    {
        relay::Hello hello;
        hello.token = token;
        hello.lastSeq = lastSeq;
        hello.lastAckSeq = lastAckSeq;
        hello.serverId = serverId;
        send(relay::encodeHello(hello));
    }
    QList<QJsonObject> ofType(QLatin1StringView type) const
    {
        QList<QJsonObject> result;
        for (const QJsonObject &message : messages) {
            if (relay::messageType(message) == type)
                result.append(message);
        }
        return result;
    }

    QWebSocket socket;
    QList<QJsonObject> messages;
    QList<qint64> eventSeqs;
    bool closed = false;
    int closeCode = 0;
};

inline QList<qint64> range(qint64 first, qint64 last)
{
    QList<qint64> result;
    for (qint64 seq = first; seq <= last; ++seq)
        result.append(seq);
    return result;
}

} // namespace fw::test
