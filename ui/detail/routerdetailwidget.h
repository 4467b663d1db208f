#pragma once

#include "history/historysource.h"

#include <QFutureWatcher>
#include <QPointF>
#include <QTimer>
#include <QWidget>

#include <functional>

class QChart;
class QDateTimeAxis;
class QLabel;
class QLineSeries;
class QAreaSeries;
class QProgressBar;
class QTreeView;
class QTreeWidget;
class QValueAxis;

namespace fw::ui {

class AlertFilterProxy;
class AlertModel;
class ZoomableChartView;

// What the detail shows about a router besides its history; the lead fills it from the
// fleet model.
struct RouterIdentity
{
    QString id;
    QString name;
    QString serialNumber;
    QString mac;
    QString product;
    QString group;
    QString state;
    QString carrier;
    QString ipv4;
};

// One router in depth: identity, state history, its alerts, and charts of signal (RSRP, RSRQ,
// SINR with good/fair/poor bands) and battery charge over 1 hour, 24 hours, 7 days or a
// custom range. History comes from a HistorySource and is reduced to the chart's width on a
// worker thread; answers of an older request are dropped by generation. Live samples are
// appended as they arrive. Every series is handed to Qt Charts with replace(), never append().
class RouterDetailWidget final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RouterDetailWidget)

public:
    using Clock = std::function<QDateTime()>;
    enum class Range { LastHour, LastDay, LastWeek, Custom };
    enum class Series { Rsrp, Rsrq, Sinr, Battery };

    RouterDetailWidget(history::HistorySource *source, AlertModel *alerts = nullptr, QWidget *parent = nullptr,
                       Clock clock = {});
    ~RouterDetailWidget() override;

    void setRouter(const RouterIdentity &identity);
    QString routerId() const { return m_identity.id; }

    void setRange(Range range);
    void setCustomRange(const QDateTime &from, const QDateTime &to);
    Range range() const { return m_range; }

    // Live samples; ignored unless they belong to the router shown.
    void appendSignal(const QString &routerId, const history::SignalSample &sample);
    void appendBattery(const QString &routerId, const history::BatterySample &sample);

    bool exportPng(const QString &path, QString *error = nullptr) const;
    bool exportCsv(const QString &path, QString *error = nullptr) const;

    bool isLoading() const;
    quint64 generation() const { return m_generation; }
    qsizetype shownPoints(Series series) const; // points handed to the chart
    qsizetype loadedPoints(Series series) const; // points held for the range
    QChart *signalChart() const { return m_signalChart; }
    QChart *batteryChart() const { return m_batteryChart; }
    ZoomableChartView *signalView() const { return m_signalView; }

Q_SIGNALS:
    void historyLoaded(); // the charts show the answer of the latest request

private:
    struct Points
    {
        quint64 generation = 0;
        QList<QPointF> rsrp, rsrq, sinr, battery;       // everything in the range
        QList<QPointF> rsrpShown, rsrqShown, sinrShown, batteryShown; // reduced to the width
        QList<history::StateChange> states;
    };

    QWidget *createIdentity();
    QWidget *createSidePanel();
    QWidget *createCharts();
    QWidget *createRangeBar();
    void setupSignalChart();
    void setupBatteryChart();
    void createShortcuts();

    void request();
    void historyArrived(quint64 generation, const history::RouterHistory &history);
    void progressArrived(quint64 generation, int done, int total);
    void reduced();
    void showPoints();
    void reduceVisible();
    void updateBands(qint64 fromMs, qint64 toMs);
    void resetZoom();
    void fillStates(const QList<history::StateChange> &states);
    void chooseCustomRange();
    void exportWithDialog();
    int plotColumns() const;
    QDateTime now() const { return m_clock(); }

    static Points reduce(Points points, qint64 fromMs, qint64 toMs, int columns);

    history::HistorySource *m_source;
    Clock m_clock;
    RouterIdentity m_identity;
    Range m_range = Range::LastDay;
    QDateTime m_from;
    QDateTime m_to;
    quint64 m_generation = 0;
    Points m_points;
    QFutureWatcher<Points> m_watcher;
    QTimer m_rereduce; // coalesces zoom, pan and live points

    QLabel *m_title = nullptr;
    QLabel *m_identityText = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_status = nullptr;
    QTreeWidget *m_states = nullptr;
    QTreeView *m_alerts = nullptr;
    AlertFilterProxy *m_alertProxy = nullptr;
    QChart *m_signalChart = nullptr;
    QChart *m_batteryChart = nullptr;
    ZoomableChartView *m_signalView = nullptr;
    ZoomableChartView *m_batteryView = nullptr;
    QDateTimeAxis *m_signalTime = nullptr;
    QDateTimeAxis *m_batteryTime = nullptr;
    QLineSeries *m_rsrp = nullptr;
    QLineSeries *m_rsrq = nullptr;
    QLineSeries *m_sinr = nullptr;
    QLineSeries *m_battery = nullptr;
    std::array<QLineSeries *, 6> m_bandEdges{}; // lower/upper of poor, fair, good
};

} // namespace fw::ui
