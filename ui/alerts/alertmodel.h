#pragma once

#include "store/event.h"

#include <QAbstractTableModel>
#include <QTimer>

#include <deque>

namespace fw::alerts {
class AcknowledgementStore;
}

namespace fw::ui {

// The alert list: newest first, bounded in memory (the oldest rows fall off), fed by an
// initial load of the latest events from the store and then by every committed batch.
// Committed batches are coalesced so an alert storm inserts rows a few times a second.
class AlertModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlertModel)

public:
    enum Column { TimeColumn, SeverityColumn, CategoryColumn, TitleColumn, RouterColumn, MessageColumn, AckColumn, ColumnCount };
    Q_ENUM(Column)

    enum Role {
        SeqRole = Qt::UserRole + 1,
        SeverityRole,   // int of store::Severity
        CategoryRole,
        TypeRole,       // the NCM identifier
        RouterIdRole,
        RouterNameRole,
        DetectedAtRole, // QDateTime, UTC
        SearchTextRole, // what the text filter searches
        AckStateRole,   // int of alerts::AckState
        SortRole,       // a value that sorts the column naturally
    };
    Q_ENUM(Role)

    static constexpr int DefaultCapacity = 50'000;

    explicit AlertModel(alerts::AcknowledgementStore *acks, QObject *parent = nullptr, int capacity = DefaultCapacity);

    // Replaces the contents; events in any order.
    void setInitialEvents(QList<store::Event> events);
    // New committed events (connect EventStore::eventsCommitted). Shown after the coalescing
    // interval; 0 inserts at once.
    void addEvents(const QList<store::Event> &events);
    void setCoalesceInterval(int ms);
    void flush();

    int capacity() const { return m_capacity; }
    const store::Event &event(int row) const { return m_events[size_t(row)]; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString severityText(store::Severity severity);
    static QString routerLabel(const store::Event &event);
    static QString shortTime(const QDateTime &time);

Q_SIGNALS:
    // Each new critical event, once, when it is inserted (not for the initial load).
    void criticalArrived(const fw::store::Event &event);

private:
    QVariant display(const store::Event &event, int column) const;
    QVariant edit(const store::Event &event, int column) const;
    QVariant sortValue(const store::Event &event, int column) const;
    QString ackText(const store::Event &event) const;
    void trim();
    void acknowledgementsChanged();

    alerts::AcknowledgementStore *m_acks;
    int m_capacity;
    std::deque<store::Event> m_events; // newest first
    QList<store::Event> m_pending;
    QTimer m_coalesce;
};

} // namespace fw::ui
