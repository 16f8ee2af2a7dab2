// SPDX-License-Identifier: GPL-3.0-or-later
#include "routing/SigningRouteModel.h"

#include <QLocale>
#include <QTimeZone>

namespace dms {

SigningRouteModel::SigningRouteModel(Audience audience, QObject *parent)
    : QAbstractTableModel(parent)
    , m_audience(audience)
{ }

SigningRouteModel::~SigningRouteModel() = default;

void SigningRouteModel::setRoutes(const QList<SigningRoute> &routes)
{
    beginResetModel();
    m_routes = routes;
    endResetModel();
}

const SigningRoute *SigningRouteModel::route(int row) const
{
    return row >= 0 && row < m_routes.size() ? &m_routes.at(row) : nullptr;
}

int SigningRouteModel::rowOf(const QString &routeId) const
{
    for (int row = 0; row < m_routes.size(); ++row)
        if (m_routes.at(row).id == routeId)
            return row;
    return -1;
}

QString SigningRouteModel::statusText(const SigningRoute &route)
{
    if (route.status == QLatin1String("awaiting"))
        return tr("Awaiting signature");
    if (route.status == QLatin1String("returned"))
        return tr("Returned: %1").arg(route.reason);
    if (route.status == QLatin1String("withdrawn"))
        return tr("Withdrawn");
    QString text = tr("Signed, registered as %1").arg(route.registrationIndex);
    if (route.sendStatus == QLatin1String("queued"))
        text += QStringLiteral("; ") + tr("sent by СЕОС");
    else if (route.sendStatus == QLatin1String("not-sent"))
        text += QStringLiteral("; ") + tr("not sent: %1").arg(route.sendNote);
    return text;
}

int SigningRouteModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_routes.size());
}

int SigningRouteModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SigningRouteModel::data(const QModelIndex &index, int role) const
{
    const SigningRoute *r = index.isValid() ? route(index.row()) : nullptr;
    if (!r)
        return {};
    if (role == RouteIdRole)
        return r->id;
    if (role == StatusRole)
        return r->status;
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case SubjectColumn:
        return r->title;
    case PersonColumn:
        return m_audience == Audience::Signer ? r->authorName : r->signerName;
    case DateColumn:
        return QLocale().toString(r->createdAt.toTimeZone(QTimeZone(QByteArrayLiteral("Europe/Sofia"))),
                                  QStringLiteral("dd.MM.yyyy HH:mm"));
    case DetailColumn:
        return m_audience == Audience::Signer ? r->note : statusText(*r);
    default:
        return {};
    }
}

QVariant SigningRouteModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SubjectColumn:
        return tr("Subject");
    case PersonColumn:
        return m_audience == Audience::Signer ? tr("Author") : tr("Signer");
    case DateColumn:
        return tr("Routed");
    case DetailColumn:
        return m_audience == Audience::Signer ? tr("Note") : tr("Status");
    default:
        return {};
    }
}

} // namespace dms
