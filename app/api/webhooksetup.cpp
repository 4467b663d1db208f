#include "api/webhooksetup.h"

#include "api/clock.h"
#include "api/ncmclient.h"
#include "api/secretstore.h"
#include "core/logging.h"
#include "store/eventstore.h"

#include <QJsonObject>

#include <QRandomGenerator>
#include <QTimer>

#include <array>

using namespace Qt::Literals::StringLiterals;

namespace fw::api {

WebhookSetup::WebhookSetup(NcmClient *client, SecretStore *secrets, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_secrets(secrets)
    , m_destinations(new PushDestinations(client, this))
{
}

WebhookSetup::~WebhookSetup() = default;

QByteArray WebhookSetup::generateSecret()
{
    std::array<quint32, 8> words{};
    QRandomGenerator::system()->fillRange(words.data(), words.size());
    return QByteArray(reinterpret_cast<const char *>(words.data()), sizeof(words)).toHex();
}

QString WebhookSetup::secretKey(const QString &destinationId)
{
    return u"webhook-secret/"_s + destinationId;
}

void WebhookSetup::start(const WebhookSetupRequest &request)
{
    if (m_running)
        return;
    const QString scheme = request.publicUrl.scheme();
    if (!request.publicUrl.isValid() || request.publicUrl.host().isEmpty() || (scheme != "https"_L1 && scheme != "http"_L1)) {
        Q_EMIT finished({{}, {}, u"The public URL of the listener must be an http or https address."_s, {}});
        return;
    }
    if (request.rule.accountIds.isEmpty() && request.rule.groupIds.isEmpty()) {
        Q_EMIT finished({{}, {}, u"An alert rule needs an account or a group in scope."_s, {}});
        return;
    }
    m_running = true;
    m_awaiting = false;
    ++m_generation;
    m_request = request;
    m_result = {};
    m_testPushes.clear();

    const QByteArray secret = generateSecret();
    step(Step::CreatingDestination, u"Creating the push destination for %1"_s.arg(request.publicUrl.toString()));
    m_destinations->create(request.destinationName, request.publicUrl, secret, this,
                           [this, secret](const std::optional<DestinationInfo> &info, const QString &error) {
                               if (!info) {
                                   fail(error);
                                   return;
                               }
                               m_result.destinationId = info->id;
                               storeSecret(secret);
                           });
}

void WebhookSetup::storeSecret(const QByteArray &secret)
{
    step(Step::StoringSecret, u"Keeping the webhook secret"_s);
    m_secrets->write(secretKey(m_result.destinationId), secret, this, [this, secret](const QString &error) {
        if (!error.isEmpty()) {
            // Without its secret the destination is useless: take it back.
            const QString id = m_result.destinationId;
            m_result.destinationId.clear();
            m_destinations->remove(id, this, [this, error](const QString &) { fail(error); });
            return;
        }
        m_result.secretWarning = m_secrets->warning();
        Q_EMIT secretReady(m_result.destinationId, secret);
        runTest();
    });
}

void WebhookSetup::runTest()
{
    step(Step::Testing, u"Asking NCM to send a test push"_s);
    m_destinations->test(m_result.destinationId, this, [this](const QString &error) {
        if (!error.isEmpty()) {
            fail(error);
            return;
        }
        awaitPush();
    });
}

void WebhookSetup::awaitPush()
{
    if (m_testPushes.contains(m_result.destinationId)) {
        writeRule();
        return;
    }
    m_awaiting = true;
    step(Step::AwaitingTestPush, u"Waiting for the signed test push to arrive"_s);
    const quint64 generation = m_generation;
    QTimer::singleShot(m_client->clock()->realMs(m_request.confirmTimeoutMs), this, [this, generation] {
        if (generation != m_generation || !m_awaiting)
            return;
        fail(u"NCM's test push did not arrive at %1 within %2 s; check that NCM can reach that address (HTTPS on port 443 or 8443 with a public certificate)."_s
                 .arg(m_request.publicUrl.toString())
                 .arg(m_request.confirmTimeoutMs / 1000));
    });
}

void WebhookSetup::testPushReceived(const QString &destinationConfigId)
{
    if (!m_running)
        return;
    m_testPushes.insert(destinationConfigId);
    if (m_awaiting && destinationConfigId == m_result.destinationId) {
        m_awaiting = false;
        writeRule();
    }
}

void WebhookSetup::watchStore(store::EventStore *store)
{
    connect(store, &store::EventStore::eventsCommitted, this, [this](const QList<fw::store::Event> &events) {
        for (const store::Event &event : events) {
            if (const QString id = testPushDestination(event); !id.isEmpty())
                testPushReceived(id);
        }
    });
}

QString WebhookSetup::testPushDestination(const store::Event &event)
{
    if (!event.signatureVerified)
        return {};
    return event.alert.info.toObject().value("destination_config_id"_L1).toString();
}

void WebhookSetup::writeRule()
{
    step(Step::WritingRule, u"Writing the alert rule"_s);
    m_destinations->writeRule(m_request.rule, m_result.destinationId, this,
                              [this](const std::optional<RuleInfo> &rule, const QString &error) {
                                  if (!rule) {
                                      fail(error);
                                      return;
                                  }
                                  m_result.ruleId = rule->id;
                                  m_running = false;
                                  step(Step::Done, u"Webhook set up"_s);
                                  Q_EMIT finished(m_result);
                              });
}

void WebhookSetup::fail(const QString &error)
{
    m_running = false;
    m_awaiting = false;
    ++m_generation;
    m_result.error = error.isEmpty() ? u"The webhook setup failed for an unknown reason."_s : error;
    qCWarning(lcApi) << "webhook setup failed:" << m_result.error;
    step(Step::Failed, m_result.error);
    Q_EMIT finished(m_result);
}

void WebhookSetup::step(Step step, const QString &description)
{
    Q_EMIT stepChanged(step, description);
}

} // namespace fw::api
