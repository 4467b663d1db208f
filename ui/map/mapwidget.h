#pragma once

#include "geo/clusterindex.h"
#include "geo/geofence.h"
#include "geo/geofencemonitor.h"
#include "geo/mapdatasource.h"
#include "geo/projection.h"
#include "map/tilelayer.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QTimer>
#include <QWidget>

#include <memory>

class QToolButton;

namespace fw::ui {

class BasemapLayer;
class MapStyle;

// The fleet map: an offline basemap (optionally raster tiles over it), routers clustered by a
// ClusterIndex and drawn as pre-rendered sprites, geofences the operator draws and edits, a
// trail for the selected router. Wheel, +/- keys and buttons zoom; dragging and arrow keys pan.
class MapWidget final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MapWidget)

public:
    enum class Tool { Navigate, DrawCircle, DrawPolygon };

    explicit MapWidget(QWidget *parent = nullptr);
    ~MapWidget() override;

    // Neither is owned. The data source is read once on connect and followed by its signals.
    void setDataSource(geo::MapDataSource *source);
    void setGeofences(geo::GeofenceSet *fences);
    geo::GeofenceMonitor *geofenceMonitor() const { return m_monitor.get(); }
    const geo::ClusterIndex &index() const { return m_index; }

    void setTileSettings(const TileSettings &settings);
    TileLayer *tileLayer() const { return m_tiles; }

    const geo::MapView &view() const { return m_view; }
    void setCenter(const QGeoCoordinate &center);
    void setZoom(double zoom);
    void zoomBy(double steps);
    // Shows every router with a known position; false when none has one yet.
    bool fitToRouters();

    QString selectedRouter() const { return m_selected; }
    void selectRouter(const QString &routerId);
    void setFollowSelected(bool follow);
    bool followSelected() const { return m_follow; }

    // Positions of one router, in any order; drawn as a line with arrows in time order.
    void setTrail(const QString &routerId, const QList<geo::TrailPoint> &trail);
    void clearTrail();

    void setTool(Tool tool);
    Tool tool() const { return m_tool; }
    QUuid selectedGeofence() const { return m_selectedFence; }
    void selectGeofence(const QUuid &id);

    qsizetype unpositionedCount() const { return m_index.unpositionedCount(); }
    bool exportPng(const QString &path, QString *error);

Q_SIGNALS:
    void routerSelected(const QString &routerId);
    void geofenceSelected(const QUuid &id);
    void geofenceCrossed(const fw::geo::GeofenceCrossing &crossing);
    void viewChanged();

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    bool event(QEvent *event) override;

private:
    struct Drawn
    {
        QPointF screen;
        qreal radius;
        geo::MapCluster item;
    };
    enum class Handle { None, Centre, Radius, Vertex };

    void setupButtons();
    void reload();
    void applyChanges(const QList<geo::MapPoint> &points);
    void applyRemovals(const QStringList &ids);
    void pulse(const QString &routerId);
    void viewMoved();
    void keepSelectedInView();

    void drawRouters(QPainter &p);
    void drawFences(QPainter &p) const;
    void drawDraft(QPainter &p) const;
    void drawTrail(QPainter &p) const;
    void drawPulses(QPainter &p);   // also expires finished pulses
    void drawOverlays(QPainter &p) const;
    void drawScaleBar(QPainter &p) const;

    const Drawn *itemAt(const QPointF &pos) const;
    void clickItem(const Drawn &d);
    void showRouterList(const QStringList &ids, const QPoint &globalPos);
    QString tooltipFor(const Drawn &d) const;
    geo::RouterInfo infoFor(const QString &id) const;
    QString routerLabel(const QString &id) const;

    QList<geo::Geofence> fenceList() const;
    QPolygonF fenceOutline(const geo::Geofence &f) const;
    QUuid fenceAt(const QPointF &pos) const;
    Handle handleAt(const QPointF &pos, int *vertex) const;
    void dragHandle(const QPointF &pos);
    void finishPolygon();
    void renameFence(const QUuid &id);

    geo::MapView m_view;
    geo::ClusterIndex m_index;
    std::unique_ptr<BasemapLayer> m_basemap;
    std::unique_ptr<MapStyle> m_style;
    TileLayer *m_tiles = nullptr;
    QPointer<geo::MapDataSource> m_source;
    QPointer<geo::GeofenceSet> m_fences;
    std::unique_ptr<geo::GeofenceMonitor> m_monitor;
    QToolButton *m_zoomIn = nullptr;
    QToolButton *m_zoomOut = nullptr;

    QList<Drawn> m_drawn;
    QString m_selected;
    bool m_follow = false;
    QString m_trailRouter;
    QList<geo::TrailPoint> m_trail;
    QHash<QString, QElapsedTimer> m_pulses;
    QTimer m_pulseTimer;

    Tool m_tool = Tool::Navigate;
    QUuid m_selectedFence;
    Handle m_dragHandle = Handle::None;
    int m_dragVertex = -1;
    QList<QGeoCoordinate> m_draft;       // polygon being drawn, or circle centre
    QPointF m_draftCursor;
    bool m_drawingCircle = false;

    QPointF m_pressPos;
    QPointF m_lastPos;
    bool m_panning = false;
    bool m_dragged = false;
};

} // namespace fw::ui
