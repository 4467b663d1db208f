#include "session/session.h"

#include "alerts/acknowledgementstore.h"
#include "api/callledger.h"
#include "api/webhooksetup.h"
#include "core/feedmonitor.h"
#include "core/logging.h"
#include "fleet/fleetmodel.h"
#include "fleet/fleetstate.h"
#include "ncm/catalogue.h"
#include "relay/relayclient.h"
#include "relay/storerelayposition.h"
#include "session/fleetmapsource.h"
#include "api/fleetstatesink.h"
#include "store/sqliteeventstore.h"

using namespace Qt::Literals::StringLiterals;

namespace fw::session {

Session::Session(QObject *parent)
    : QObject(parent)
    , m_catalogue(ncm::Catalogue::instance())
    , m_store(std::make_unique<store::SqliteEventStore>())
    , m_fleet(std::make_unique<fleet::FleetState>(m_catalogue, nullptr))
    , m_model(std::make_unique<fleet::FleetModel>(m_fleet.get()))
    , m_mapSource(std::make_unique<FleetMapSource>(m_fleet.get()))
    , m_sink(std::make_unique<api::FleetStateSink>(m_fleet.get()))
    , m_feed(std::make_unique<core::FeedMonitor>())
{
    const ncm::Catalogue *catalogue = &m_catalogue;
    m_acks = std::make_unique<alerts::AcknowledgementStore>(
        nullptr, alerts::AcknowledgementStore::Clock(),
        [catalogue](const QString &type) { return catalogue->lookup(type).clears; });
    connect(m_store.get(), &store::EventStore::eventsCommitted, this, &Session::onCommitted);
    connect(m_store.get(), &store::EventStore::storageError, this,
            [this](const QString &message) { Q_EMIT statusMessage(tr("Storage error: %1").arg(message)); });
    connect(m_acks.get(), &alerts::AcknowledgementStore::changed, this, [this](const QString &routerId) {
        m_fleet->setAcknowledged(routerId, m_acks->isRouterAcknowledged(routerId));
    });
}

Session::~Session()
{
    // Order matters: feeds stop before the store closes so no commit is left half-done.
    m_api.reset();
    if (m_relay)
        m_relay->stop();
    if (m_listener)
        m_listener->stop();
    m_store->flush();
    m_acks->close();
    m_store->close();
}

bool Session::open(const QString &databasePath, QString *error)
{
    const QString storeError = m_store->open(databasePath);
    if (!storeError.isEmpty()) {
        *error = storeError;
        return false;
    }
    if (!m_acks->open(databasePath, error))
        return false;
    m_fleet->rebuildFrom(m_store.get());
    return true;
}

void Session::onCommitted(const QList<store::Event> &events)
{
    m_fleet->applyEvents(events);
    m_acks->noteEvents(events);
    m_feed->noteEvents(int(events.size()));
}

bool Session::startListener(const ingest::ListenerConfig &config, QString *error)
{
    m_listener = std::make_unique<ingest::WebhookListener>(m_store.get());
    if (!m_listener->start(config)) {
        *error = m_listener->errorString();
        m_listener.reset();
        return false;
    }
    m_listenerConfig = config;
    m_listenerConfig.port = m_listener->port();
    m_feed->setSource(core::FeedMonitor::Source::Listener, listenerUrl().toString());
    m_feed->setConnected(true);
    return true;
}

QUrl Session::listenerUrl() const
{
    if (!m_listener)
        return {};
    QUrl url;
    url.setScheme(m_listenerConfig.tls ? u"https"_s : u"http"_s);
    url.setHost(m_listenerConfig.address.toString());
    url.setPort(m_listener->port());
    url.setPath(m_listenerConfig.path);
    return url;
}

bool Session::setListenerSecrets(const QByteArray &secret, const QByteArray &secondSecret, QString *error)
{
    if (!m_listener) {
        *error = tr("The webhook listener is not running.");
        return false;
    }
    // TODO: swap the secrets inside the running listener instead of restarting it; a
    // restart drops connections that are open at that moment (NCM retries them).
    ingest::ListenerConfig config = m_listenerConfig;
    config.secret = secret;
    config.secondSecret = secondSecret;
    m_listener->stop();
    return startListener(config, error);
}

void Session::startRelay(const QUrl &url, const QString &token)
{
    m_relayPosition = std::make_unique<relay::StoreRelayPosition>(m_store.get());
    m_relay = std::make_unique<relay::RelayClient>(m_store.get(), m_relayPosition.get());
    m_relay->setUrl(url);
    m_relay->setToken(token);
    m_feed->setSource(core::FeedMonitor::Source::Relay, url.toString());
    connect(m_relay.get(), &relay::RelayClient::stateChanged, this,
            [this](relay::RelayClient::State state, const QString &reason) {
                const bool live = state == relay::RelayClient::State::Connected
                    || state == relay::RelayClient::State::Behind;
                m_feed->setConnected(live);
                if (!live && m_api)
                    m_api->feedInterrupted(); // fill the gap from alerts/ once we are back
                if (!reason.isEmpty())
                    Q_EMIT statusMessage(tr("Relay: %1").arg(reason));
            });
    m_relay->start();
}

void Session::startApi(const api::ApiKeys &keys, const api::HeadlessSyncOptions &options)
{
    m_api = std::make_unique<api::HeadlessSync>(keys, options, m_store.get(), m_sink.get());
    connect(m_api.get(), &api::HeadlessSync::statusMessage, this, &Session::statusMessage);
    connect(m_api->sync(), &api::FleetSync::progress, this, &Session::syncProgress);
    connect(m_api->ledger(), &api::CallLedger::callRecorded, this,
            [this](const QString &, qint64 callsToday) { Q_EMIT apiCallsChanged(callsToday); });
    m_api->start();
}

void Session::setupWebhook(const api::WebhookSetupRequest &request, api::SecretStore *secrets)
{
    if (!m_api) {
        api::WebhookSetupResult result;
        result.error = tr("The NCM API is not configured.");
        Q_EMIT webhookSetupFinished(result);
        return;
    }
    auto *setup = new api::WebhookSetup(m_api->client(), secrets, this);
    m_setup = setup;
    setup->watchStore(m_store.get());
    connect(setup, &api::WebhookSetup::secretReady, this,
            [this](const QString &, const QByteArray &secret) {
                // Keep the old secret as the second one: pushes already signed still verify.
                QString error;
                if (!setListenerSecrets(secret, m_listenerConfig.secret, &error))
                    Q_EMIT statusMessage(tr("Webhook listener: %1").arg(error));
            });
    connect(setup, &api::WebhookSetup::stepChanged, this,
            [this](api::WebhookSetup::Step, const QString &description) { Q_EMIT statusMessage(description); });
    connect(setup, &api::WebhookSetup::finished, this, [this, setup](const api::WebhookSetupResult &result) {
        Q_EMIT webhookSetupFinished(result);
        setup->deleteLater();
    });
    setup->start(request);
}

} // namespace fw::session
