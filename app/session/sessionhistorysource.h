#pragma once

#include "history/historysource.h"

#include <QPointer>

namespace fw::api {
class NcmClient;
}
namespace fw::fleet {
class FleetState;
}
namespace fw::ncm {
class Catalogue;
}
namespace fw::store {
class SqliteEventStore;
}

namespace fw::session {

// A router's history for the detail view: state changes from the local store, signal samples
// from net_device_signal_samples/ for its modem and charge from batteries/, asked for only
// when the operator opens the router (never on a schedule).
class SessionHistorySource final : public history::HistorySource
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SessionHistorySource)

public:
    SessionHistorySource(store::SqliteEventStore *store, const ncm::Catalogue &catalogue,
                         fleet::FleetState *fleet, QObject *parent = nullptr);

    // Without a client only the store answers (relay-only dashboards, no API keys).
    void setClient(api::NcmClient *client) { m_client = client; }

    void request(quint64 generation, const fw::history::HistoryRequest &request) override;

    // Caps what one request may fetch from NCM (500 samples a page).
    static constexpr int MaxPages = 8;

private:
    struct Job;
    void loadStates(const std::shared_ptr<Job> &job);
    void loadSignal(const std::shared_ptr<Job> &job);
    void loadBattery(const std::shared_ptr<Job> &job);
    void finish(const std::shared_ptr<Job> &job);
    void step(const std::shared_ptr<Job> &job);

    store::SqliteEventStore *m_store;
    const ncm::Catalogue &m_catalogue;
    fleet::FleetState *m_fleet;
    QPointer<api::NcmClient> m_client;
};

} // namespace fw::session
