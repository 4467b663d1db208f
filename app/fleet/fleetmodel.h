#pragma once

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>
#include <QTimer>

namespace fw::fleet {

class FleetState;

// A table over FleetState, one row per router in arrival order. Changes are coalesced: a burst
// of events becomes, per flush interval, one rowsInserted and a few dataChanged ranges.
class FleetModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        IdColumn = 0,
        NameColumn,
        StateColumn,
        LastEventColumn,
        LastEventTimeColumn,
        AgeColumn,
        OpenAlertsColumn,
        SeverityColumn,
        SerialColumn,
        GroupColumn,
        SignalColumn,
        BatteryColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        RouterIdRole = Qt::UserRole + 1,
        StateRole,          // int(OnlineState)
        WorstSeverityRole,  // int(store::Severity), -1 when nothing is open
        OpenCriticalRole,
        OpenWarningRole,
        LastEventTimeRole,  // QDateTime, UTC
        LastEventTypeRole,
        PositionRole,       // QGeoCoordinate, invalid when unknown
        SignalRole,         // int, -1 unknown
        BatteryRole,        // int, -1 unknown
        AcknowledgedRole,
        SortRole,           // a value that sorts naturally for every column
    };
    Q_ENUM(Role)

    explicit FleetModel(FleetState *state, QObject *parent = nullptr);
    ~FleetModel() override;
    Q_DISABLE_COPY_MOVE(FleetModel)

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // How long changes are collected before views hear of them (default 50 ms).
    void setFlushInterval(int ms);
    // How often the age column is refreshed (default 10 s; 0 disables).
    void setAgeRefreshInterval(int ms);
    // Announces everything pending now (tests, before a snapshot).
    void flush();

    QModelIndex indexOfRouter(const QString &id, int column = IdColumn) const;

private:
    void onRoutersAdded(int first, int last);
    void onRoutersChanged(const QList<int> &rows);
    void scheduleFlush();
    void emitChangedRuns(int announced);
    QVariant displayData(int row, int column) const;
    QVariant sortData(int row, int column) const;

    FleetState *m_state;
    int m_rowCount = 0;          // rows announced to views so far
    QList<int> m_changed;        // rows changed since the last flush (may repeat)
    QTimer m_flushTimer;
    QTimer m_ageTimer;
};

} // namespace fw::fleet
