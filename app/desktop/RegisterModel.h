// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "access/Session.h"
#include "core/Error.h"
#include "search/SearchService.h"

#include <QAbstractTableModel>
#include <QList>
#include <QSet>

namespace dms {

struct ServiceContext;

/** The entries of a register (or of any SearchQuery), newest first, loaded
 *  lazily in pages of kPageSize rows through SearchService: the first page on
 *  reload(), the next ones as a view scrolls (canFetchMore()/fetchMore()).
 *
 *  Rows are DocumentSummary values; nothing is edited here. An entry that shows
 *  up again on a later page (because newer entries were registered meanwhile)
 *  is not repeated; entries registered after the last reload() appear on the
 *  next reload(). A failed query leaves the model empty (or the loaded pages as
 *  they were) and emits loadFailed(). Without a valid session the model is empty.
 *  Lives on the GUI thread; each page is one indexed query. */
class RegisterModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RegisterModel)

public:
    enum Column {
        IndexColumn,
        DateColumn,
        KindColumn,
        SubjectColumn,
        CorrespondentColumn,
        StatusColumn,
        ColumnCount
    };
    enum Roles {
        RegistrationIdRole = Qt::UserRole + 1, ///< QString
        DocumentIdRole, ///< QString
        AnnulledRole, ///< bool
    };
    static constexpr int kPageSize = 200;

    explicit RegisterModel(ServiceContext &context, QObject *parent = nullptr);
    ~RegisterModel() override;

    /** Who reads: restricted documents are shown only to those who may. Reloads. */
    void setSession(const Session &session);
    const Session &session() const { return m_session; }
    /** The filter (its offset and limit are ignored). Reloads. */
    void setQuery(const SearchQuery &query);
    const SearchQuery &query() const { return m_query; }
    /** Drops the rows and loads the first page again. */
    void reload();

    /** The entry on `row` (0 <= row < rowCount()). */
    const DocumentSummary &entry(int row) const { return m_rows.at(row); }
    /** The row of a registration, or -1 if it is not loaded. */
    int rowOfRegistration(const QString &registrationId) const;
    /** The error of the last failed load; empty message when the last load worked. */
    const Error &lastError() const { return m_lastError; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

Q_SIGNALS:
    /** A page could not be loaded. */
    void loadFailed(const dms::Error &error);
    /** reload() finished (successfully or not). */
    void reloaded();

private:
    Result<SearchResult> page(int offset);
    QList<DocumentSummary> unseen(const QList<DocumentSummary> &hits);
    void fail(const Error &error);

    ServiceContext &m_context;
    SearchService m_search;
    Session m_session;
    SearchQuery m_query;
    QList<DocumentSummary> m_rows;
    QSet<QString> m_ids;
    int m_offset = 0; ///< rows consumed from the server, duplicates included
    bool m_hasMore = false;
    bool m_changing = false; ///< inside a reset or an insertion
    Error m_lastError;
};

} // namespace dms
