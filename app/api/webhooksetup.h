#pragma once

#include "api/pushdestinations.h"

#include <QObject>
#include <QSet>
#include <QUrl>

namespace fw::store {
class EventStore;
struct Event;
}

namespace fw::api {

class NcmClient;
class SecretStore;

struct WebhookSetupRequest
{
    QString destinationName = QStringLiteral("Fleetwall");
    QUrl publicUrl;                  // where NCM must post: the listener or the relay, as seen from outside
    RuleSpec rule;                   // scope (accounts, groups) and alert types
    qint64 confirmTimeoutMs = 120000; // simulated ms to wait for the signed test push
};

struct WebhookSetupResult
{
    QString destinationId;
    QString ruleId;
    QString error;          // one sentence; empty on success
    QString secretWarning;  // the secret store's warning (file fallback), if any
    bool ok() const { return error.isEmpty(); }
};

// Creates a push destination with a fresh secret, keeps the secret, makes NCM send a test
// push, waits for that push to arrive signed at our listener, then writes the alert rule.
// The caller installs the secret in the listener on secretReady() and feeds every verified
// test push it receives into testPushReceived().
class WebhookSetup final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WebhookSetup)

public:
    enum class Step { CreatingDestination, StoringSecret, Testing, AwaitingTestPush, WritingRule, Done, Failed };
    Q_ENUM(Step)

    WebhookSetup(NcmClient *client, SecretStore *secrets, QObject *parent = nullptr);
    ~WebhookSetup() override;

    void start(const WebhookSetupRequest &request);
    bool isRunning() const { return m_running; }

    // A test push (info.destination_config_id) that passed the signature check.
    void testPushReceived(const QString &destinationConfigId);
    // Or: watch the store for committed, signature-verified test pushes (the listener
    // commits only verified pushes).
    void watchStore(store::EventStore *store);
    // info.destination_config_id of a verified test push; empty for anything else.
    static QString testPushDestination(const store::Event &event);

    // 32 random bytes from the system generator, lower-case hex.
    static QByteArray generateSecret();
    // The secret store key of a destination's secret.
    static QString secretKey(const QString &destinationId);

Q_SIGNALS:
    void stepChanged(fw::api::WebhookSetup::Step step, const QString &description);
    void secretReady(const QString &destinationId, const QByteArray &secret);
    void finished(const fw::api::WebhookSetupResult &result);

private:
    void storeSecret(const QByteArray &secret);
    void runTest();
    void awaitPush();
    void writeRule();
    void fail(const QString &error);
    void step(Step step, const QString &description);

    NcmClient *m_client;
    SecretStore *m_secrets;
    PushDestinations *m_destinations;
    WebhookSetupRequest m_request;
    WebhookSetupResult m_result;
    QSet<QString> m_testPushes;
    bool m_running = false;
    bool m_awaiting = false;
    quint64 m_generation = 0;
};

} // namespace fw::api

Q_DECLARE_METATYPE(fw::api::WebhookSetupResult)
