#pragma once

#include "api/apikeys.h"
#include "api/headlesssync.h"
#include "ingest/webhooklistener.h"
#include "store/event.h"

#include <QObject>
#include <QPointer>

#include <memory>

namespace fw::alerts {
class AcknowledgementStore;
}
namespace fw::api {
class FleetStateSink;
class SecretStore;
class WebhookSetup;
struct WebhookSetupRequest;
struct WebhookSetupResult;
}
namespace fw::core {
class FeedMonitor;
}
namespace fw::fleet {
class FleetModel;
class FleetState;
}
namespace fw::ncm {
class Catalogue;
}
namespace fw::relay {
class RelayClient;
class StoreRelayPosition;
}
namespace fw::store {
class SqliteEventStore;
}

namespace fw::session {

class FleetMapSource;

// Everything behind the dashboard's window, without a widget: the event store, the fleet
// state and its model, acknowledgements, the feed (embedded listener or relay), and the NCM
// API on its schedule. One ingest path: pushes, relay events and back-filled alerts all enter
// the store, and only committed events reach the fleet state and the views.
class Session final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Session)

public:
    explicit Session(QObject *parent = nullptr);
    ~Session() override;

    // Opens (or creates) the database and rebuilds the fleet state from it.
    bool open(const QString &databasePath, QString *error);

    bool startListener(const ingest::ListenerConfig &config, QString *error);
    // Restarts the listener on the same port with new secrets (rotation, webhook setup).
    bool setListenerSecrets(const QByteArray &secret, const QByteArray &secondSecret, QString *error);
    void startRelay(const QUrl &url, const QString &token);
    // Starts sync, back-fill and reconciliation; the fleet fills as answers arrive.
    void startApi(const api::ApiKeys &keys, const api::HeadlessSyncOptions &options);
    // Creates the push destination and a rule for our listener, confirms the signed test
    // push arrived, and switches the listener to the destination's secret.
    void setupWebhook(const api::WebhookSetupRequest &request, api::SecretStore *secrets);

    store::SqliteEventStore *store() const { return m_store.get(); }
    ncm::Catalogue &catalogue() const { return m_catalogue; }
    fleet::FleetState *fleetState() const { return m_fleet.get(); }
    fleet::FleetModel *fleetModel() const { return m_model.get(); }
    FleetMapSource *mapSource() const { return m_mapSource.get(); }
    api::FleetStateSink *syncSink() const { return m_sink.get(); }
    alerts::AcknowledgementStore *acknowledgements() const { return m_acks.get(); }
    core::FeedMonitor *feed() const { return m_feed.get(); }
    ingest::WebhookListener *listener() const { return m_listener.get(); }
    relay::RelayClient *relayClient() const { return m_relay.get(); }
    api::HeadlessSync *api() const { return m_api.get(); }
    QUrl listenerUrl() const;
    QByteArray listenerSecret() const { return m_listenerConfig.secret; }

Q_SIGNALS:
    // A line for the operator's event log and the status bar.
    void statusMessage(const QString &line);
    void syncProgress(int done, int total, const QString &stage);
    void webhookSetupFinished(const fw::api::WebhookSetupResult &result);
    void apiCallsChanged(qint64 callsToday);

private:
    void onCommitted(const QList<fw::store::Event> &events);

    ncm::Catalogue &m_catalogue;
    std::unique_ptr<store::SqliteEventStore> m_store;
    std::unique_ptr<fleet::FleetState> m_fleet;
    std::unique_ptr<fleet::FleetModel> m_model;
    std::unique_ptr<FleetMapSource> m_mapSource;
    std::unique_ptr<api::FleetStateSink> m_sink;
    std::unique_ptr<alerts::AcknowledgementStore> m_acks;
    std::unique_ptr<core::FeedMonitor> m_feed;
    std::unique_ptr<ingest::WebhookListener> m_listener;
    ingest::ListenerConfig m_listenerConfig;
    std::unique_ptr<relay::StoreRelayPosition> m_relayPosition;
    std::unique_ptr<relay::RelayClient> m_relay;
    std::unique_ptr<api::HeadlessSync> m_api;
    QPointer<api::WebhookSetup> m_setup;
};

} // namespace fw::session
