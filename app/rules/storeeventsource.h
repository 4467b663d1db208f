#pragma once

#include "rules/dryrun.h"

namespace fw::store {
class SqliteEventStore;
}

namespace fw::rules {

// The dry run's EventSource on the SQLite store: events of the given types with detected_at
// in [from, to), read page by page on the store's reader thread. At most MaxEvents are
// counted; the error then says the count is a lower bound. store must outlive the queries.
EventSource storeEventSource(store::SqliteEventStore *store);

inline constexpr int MaxDryRunEvents = 200'000;

} // namespace fw::rules
