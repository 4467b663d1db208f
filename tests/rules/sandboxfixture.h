#pragma once

#include "api/callledger.h"
#include "api/clock.h"
#include "api/ncmclient.h"
#include "sandbox/sandbox.h"
#include "sandbox/sandboxserver.h"
#include "store/eventstore.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QMutex>
#include <QTest>

#include <memory>

// An in-process ncm-sandbox on 127.0.0.1 (port 0) with an NcmClient pointed at it. The
// sandbox's clock is manual: nothing happens in the fleet unless a test raises it.
namespace fw::test {

inline api::ApiKeys sandboxKeys()
{
    return {QByteArrayLiteral("cp-id"), QByteArrayLiteral("cp-key"), QByteArrayLiteral("ecm-id"),
            QByteArrayLiteral("ecm-key")};
}

struct SandboxFixture
{
    explicit SandboxFixture(int rateLimitPerMinute = 0, int routers = 20)
    {
        sandbox::SandboxOptions options;
        options.routers = routers;
        options.manualClock = true;
        options.api.keys = sandboxKeys();
        options.api.rateLimitPerMinute = rateLimitPerMinute;
        sandbox = std::make_unique<sandbox::Sandbox>(options);
        // The rate limiter's minute passes 100 times faster too, like the client's clock.
        wall.start();
        sandbox->api().setWallClock([this] { return wall.elapsed() * 100; });
        server = std::make_unique<sandbox::SandboxServer>(*sandbox);
        QString error;
        listening = server->listen(QHostAddress::LocalHost, 0, &error);
        if (!listening)
            qWarning("sandbox: %s", qPrintable(error));

        api::ClientOptions clientOptions;
        clientOptions.baseUrl = server->apiBaseUrl();
        clientOptions.backoffBaseMs = 200;
        // Simulated time runs 100 times faster: a Retry-After of 60 s waits 0.6 s.
        clock = std::make_unique<api::SystemClock>(100.0);
        ledger = std::make_unique<api::CallLedger>(std::make_unique<api::MemoryCallCountStore>(), clock.get());
        client = std::make_unique<api::NcmClient>(sandboxKeys(), clientOptions, clock.get(), ledger.get());
    }

    QString accountId() const { return sandbox->fleet().accounts().front().id; }
    QString groupId(int index = 0) const { return sandbox->fleet().groups().at(index).id; }

    std::unique_ptr<sandbox::Sandbox> sandbox;
    std::unique_ptr<sandbox::SandboxServer> server;
    std::unique_ptr<api::SystemClock> clock;
    std::unique_ptr<api::CallLedger> ledger;
    std::unique_ptr<api::NcmClient> client;
    bool listening = false;
    QElapsedTimer wall;
};

// An EventStore that keeps events in memory and announces commits like the real one.
class RecordingStore final : public store::EventStore
{
public:
    void append(QList<store::Event> events, QObject *context, Done done) override
    {
        QPointer<QObject> guard(context);
        {
            QMutexLocker lock(&m_mutex);
            m_events += events;
        }
        // Like the real store: answered later, done() on the context's thread.
        QMetaObject::invokeMethod(this, [this, events] { Q_EMIT eventsCommitted(events); }, Qt::QueuedConnection);
        QMetaObject::invokeMethod(context, [guard, count = int(events.size()), done = std::move(done)] {
            if (guard)
                done({true, {}, count, 0});
        }, Qt::QueuedConnection);
    }

    QList<store::Event> events() const
    {
        QMutexLocker lock(&m_mutex);
        return m_events;
    }

private:
    mutable QMutex m_mutex;
    QList<store::Event> m_events;
};

} // namespace fw::test
