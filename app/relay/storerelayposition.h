#pragma once

#include "relay/relayclient.h"

namespace fw::store {
class SqliteEventStore;
}

namespace fw::relay {

// The relay client's position in the dashboard's SqliteEventStore meta table (keys
// "relay.server_id", "relay.last_seq", "relay.last_ack_seq"). The store commits a meta write
// in order with appends, so a recorded seq never gets ahead of the events it covers.
class StoreRelayPosition final : public RelayPositionStore
{
public:
    explicit StoreRelayPosition(store::SqliteEventStore *store);
    Q_DISABLE_COPY_MOVE(StoreRelayPosition)

    RelayPosition loadPosition() override;
    bool savePosition(const RelayPosition &position, QString *error) override;

private:
    store::SqliteEventStore *m_store;
};

} // namespace fw::relay
