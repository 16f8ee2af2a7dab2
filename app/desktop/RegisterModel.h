// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "access/Session.h"
#include "core/Error.h"
#include "desk/DeskReader.h"
#include "search/SearchService.h"

#include <QAbstractTableModel>
#include <QList>
#include <QTimeZone>

#include <optional>

namespace dms {

/** The entries of a register (or of any SearchQuery) on this desk, newest
 *  first, read from the desk's replica (DeskReader) lazily in pages of
 *  kPageSize rows: the first page on reload(), the next ones as a view scrolls
 *  (canFetchMore()/fetchMore()). Each page continues after the last row loaded
 *  (keyset), so it is one indexed query however far the view has scrolled and
 *  no entry is shown twice; entries that arrive later appear on the next reload().
 *
 *  An entry made on this desk and not yet numbered by the server is shown with
 *  its provisional number and "Awaiting number" (PendingRole; its
 *  DocumentSummary has no documentId and its registrationId is the command's
 *  op_id). ExchangeColumn shows where the entry was sent over СЕОС, read with
 *  the page (DeskReader::listPage()): the latest status in short, all of them
 *  in full as its tooltip; a status arriving through sync shows on the next
 *  reload() (MainWindow reloads when changes are applied). A failed query leaves the model empty (or the
 * loaded pages as they were) and emits loadFailed(). Without a valid session the model is empty. Lives on the
 * GUI thread. */
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
        ExchangeColumn, ///< the latest СЕОС status in short; empty when never sent
        ColumnCount
    };
    enum Roles {
        RegistrationIdRole = Qt::UserRole + 1, ///< QString
        DocumentIdRole, ///< QString
        AnnulledRole, ///< bool
        PendingRole, ///< bool: provisional, awaiting the server's number
        ExchangeStatusRole, ///< QString: the latest СЕОС status ("pending", "sent-failed", DS_…); empty:
                            ///< never sent
    };
    static constexpr int kPageSize = 200;

    RegisterModel(DeskReader &reader, const QTimeZone &timeZone, QObject *parent = nullptr);
    ~RegisterModel() override;

    /** Who reads: restricted documents are shown only to those who may. Reloads. */
    void setSession(const Session &session);
    const Session &session() const { return m_session; }
    /** The filter (text, registerId, registerKind, status; offset and limit are ignored). Reloads. */
    void setQuery(const SearchQuery &query);
    const SearchQuery &query() const { return m_query; }
    /** Drops the rows and loads the first page again. */
    void reload();

    /** The entry on `row` (0 <= row < rowCount()). */
    const DocumentSummary &entry(int row) const { return m_rows.at(row); }
    /** Where the entry on `row` was sent over СЕОС, oldest change first; empty when never sent. */
    const QList<DeskExchangeStatus> &exchange(int row) const { return m_exchange.at(row); }
    static bool isPending(const DocumentSummary &entry) { return entry.documentId.isEmpty(); }
    /** The row of a registration (or of a pending entry's op_id), or -1 if it is not loaded. */
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
    Result<DeskListPage> page(const std::optional<DeskPageStart> &start);
    void fail(const Error &error);

    DeskReader &m_reader;
    QTimeZone m_timeZone;
    Session m_session;
    SearchQuery m_query;
    QList<DocumentSummary> m_rows;
    QList<QList<DeskExchangeStatus>> m_exchange; ///< parallel to m_rows
    bool m_hasMore = false;
    bool m_changing = false; ///< inside a reset or an insertion
    Error m_lastError;
};

} // namespace dms
