#pragma once

#include <QJsonObject>
#include <QSet>
#include <QStringList>
#include <QUrlQuery>

#include <functional>
#include <optional>

namespace fw::sandbox {

// One filter of a v2 list request: "field=v", "field__in=a,b", "field__gt=v", ...
struct ListFilter
{
    enum class Op { Equal, In, Greater, GreaterEqual, Less, LessEqual };
    QString field;
    Op op = Op::Equal;
    QStringList values;
};

// The query of a v2 list request, parsed and checked: paging, filters, fields, expand.
class ListQuery final
{
public:
    static constexpr int kDefaultLimit = 20;
    static constexpr int kMaxLimit = 500;
    static constexpr int kMaxInValues = 100;

    // Returns nullopt with *error set to one sentence when the query is malformed.
    static std::optional<ListQuery> parse(const QUrlQuery &query, QString *error);

    int limit() const { return m_limit; }
    int offset() const { return m_offset; }
    const QList<ListFilter> &filters() const { return m_filters; }
    const QStringList &fields() const { return m_fields; }
    const QStringList &expand() const { return m_expand; }
    const QString &orderBy() const { return m_orderBy; }
    bool hasOrderBy() const { return !m_orderBy.isEmpty(); }

    // The ids a filter on `field` (exact or __in) allows; nullopt when there is no such filter.
    std::optional<QSet<QString>> idsFor(const QString &field) const;
    bool hasFilterOn(const QString &field) const;

    // Whether a record passes every filter; references (URLs) compare by their last segment.
    bool matches(const QJsonObject &record) const;

    // The first filter naming a field absent from `knownFields`, or an empty string.
    QString unknownFilterField(const QStringList &knownFields) const;

private:
    int m_limit = kDefaultLimit;
    int m_offset = 0;
    QList<ListFilter> m_filters;
    QStringList m_fields;
    QStringList m_expand;
    QString m_orderBy;
};

// "https://host/api/v2/routers/12/" -> "12"; other strings unchanged.
QString referenceId(const QString &value);

} // namespace fw::sandbox
