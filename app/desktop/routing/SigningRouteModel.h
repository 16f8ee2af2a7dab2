// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/SigningRoute.h"

#include <QAbstractTableModel>
#include <QList>

namespace dms {

/** Documents routed for signature as a table: for the signer (*For signature*:
 *  subject, author, date, note) or for the author (*My routed documents*:
 *  subject, signer, date, status with the index or the reason). */
class SigningRouteModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SigningRouteModel)

public:
    enum class Audience { Signer, Author };
    enum Column { SubjectColumn, PersonColumn, DateColumn, DetailColumn, ColumnCount };
    enum Role { RouteIdRole = Qt::UserRole + 1, StatusRole };

    explicit SigningRouteModel(Audience audience, QObject *parent = nullptr);
    ~SigningRouteModel() override;

    void setRoutes(const QList<SigningRoute> &routes);
    const SigningRoute *route(int row) const;
    int rowOf(const QString &routeId) const;

    /** The translated status for the author: awaiting, signed and registered as
     *  INDEX (and whether it was sent), returned with the reason, withdrawn. */
    static QString statusText(const SigningRoute &route);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    Audience m_audience;
    QList<SigningRoute> m_routes;
};

} // namespace dms
