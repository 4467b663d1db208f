#include "relay/storerelayposition.h"

#include "store/sqliteeventstore.h"

using namespace Qt::Literals::StringLiterals;

namespace fw::relay {

StoreRelayPosition::StoreRelayPosition(store::SqliteEventStore *store)
    : m_store(store)
{
}

RelayPosition StoreRelayPosition::loadPosition()
{
    RelayPosition position;
    position.serverId = m_store->meta(u"relay.server_id"_s).toString();
    position.lastSeq = m_store->meta(u"relay.last_seq"_s, 0).toLongLong();
    position.lastAckSeq = m_store->meta(u"relay.last_ack_seq"_s, 0).toLongLong();
    return position;
}

bool StoreRelayPosition::savePosition(const RelayPosition &position, QString *error)
{
    if (!m_store->isOpen()) {
        *error = u"The local event store is closed."_s;
        return false;
    }
    m_store->setMeta(u"relay.server_id"_s, position.serverId);
    m_store->setMeta(u"relay.last_seq"_s, position.lastSeq);
    m_store->setMeta(u"relay.last_ack_seq"_s, position.lastAckSeq);
    return true;
}

} // namespace fw::relay
