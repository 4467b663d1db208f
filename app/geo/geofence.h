#pragma once

#include <QGeoCoordinate>
#include <QGeoRectangle>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <QUuid>

#include <optional>

namespace fw::geo {

// A circle (centre and radius in metres) or a polygon drawn by an operator.
struct Geofence
{
    enum class Shape { Circle, Polygon };

    QUuid id;
    QString name;
    Shape shape = Shape::Circle;
    QGeoCoordinate center;          // circle
    double radiusMetres = 0;        // circle
    QList<QGeoCoordinate> vertices; // polygon, in drawing order, longitudes in [-180, 180)

    bool isValid() const;
    // Containment through Qt Positioning. A polygon may cross the antimeridian: no edge is
    // taken to be longer than half the world.
    bool contains(const QGeoCoordinate &c) const;
    QGeoRectangle bounds() const;
    // Vertices with longitudes made continuous (they may leave [-180, 180)).
    QList<QGeoCoordinate> unwrappedVertices() const;

    QJsonObject toJson() const;
    static std::optional<Geofence> fromJson(const QJsonObject &json, QString *error);
    friend bool operator==(const Geofence &, const Geofence &) = default;
};

// The operator's fences. Saved as JSON for now.
// TODO: move persistence into the store's table once the store branch has landed (it had no
// table or key-value API when this was written); keep toJson()/fromJson() as the format.
class GeofenceSet final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GeofenceSet)

public:
    explicit GeofenceSet(QObject *parent = nullptr);

    QList<Geofence> fences() const { return m_fences; }
    std::optional<Geofence> fence(const QUuid &id) const;
    QUuid add(Geofence fence);          // assigns an id when it has none; invalid fences refused
    bool update(const Geofence &fence); // replaces the fence with the same id
    bool rename(const QUuid &id, const QString &name);
    bool remove(const QUuid &id);
    void clear();

    QByteArray toJson() const;
    // All or nothing: on a bad document the set is unchanged and error says why.
    bool fromJson(const QByteArray &json, QString *error);
    bool load(const QString &path, QString *error);
    bool save(const QString &path, QString *error) const;

Q_SIGNALS:
    void fenceAdded(const QUuid &id);
    void fenceChanged(const QUuid &id);
    void fenceRemoved(const QUuid &id);
    void reset();

private:
    qsizetype indexOf(const QUuid &id) const;

    QList<Geofence> m_fences;
};

} // namespace fw::geo
