#include "rules/storeeventsource.h"

#include "store/sqliteeventstore.h"

#include <QPointer>

#include <memory>

using namespace Qt::Literals::StringLiterals;

namespace fw::rules {

namespace {

struct Paging
{
    store::SqliteEventStore *store = nullptr;
    store::EventQuery query;
    QPointer<QObject> context;
    EventsDone done;
    QList<store::Event> events;
};

void nextPage(const std::shared_ptr<Paging> &paging)
{
    if (!paging->context)
        return;
    paging->store->query(paging->query, paging->context, [paging](const store::QueryResult &result) {
        if (!result.ok()) {
            paging->done(paging->events, u"The local store could not be read: %1"_s.arg(result.error));
            return;
        }
        paging->events += result.events;
        if (result.events.size() < paging->query.limit) {
            paging->done(paging->events, {});
            return;
        }
        if (paging->events.size() >= MaxDryRunEvents) {
            paging->done(paging->events, u"More than %1 matching events are stored; only the newest were counted."_s
                                             .arg(MaxDryRunEvents));
            return;
        }
        paging->query.beforeSeq = result.events.last().seq; // newest first: page backwards
        nextPage(paging);
    });
}

} // namespace

EventSource storeEventSource(store::SqliteEventStore *store)
{
    return [store](const QStringList &types, const QDateTime &from, const QDateTime &to, QObject *context,
                   EventsDone done) {
        auto paging = std::make_shared<Paging>();
        paging->store = store;
        paging->query.limit = store::EventQuery::MaxLimit;
        paging->query.types = types;
        paging->query.from = from;
        paging->query.to = to;
        paging->context = context;
        paging->done = std::move(done);
        if (types.isEmpty()) {
            paging->done({}, {});
            return;
        }
        nextPage(paging);
    };
}

} // namespace fw::rules
