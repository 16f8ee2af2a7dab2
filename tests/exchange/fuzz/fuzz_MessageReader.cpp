// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for the message parser (SOAP framing and message reading, whole and
// streamed, checked against each other). Built
// with clang and -fsanitize=fuzzer when DMS_BUILD_FUZZERS is on; with
// DMS_FUZZ_REGRESSION_MAIN it is a plain program that runs every file of a corpus
// folder through the same entry point (a ctest test on any compiler).
#include "exchange/SoapEnvelope.h"
#include "exchange/message/MessageReader.h"
#include "exchange/message/MessageStreamReader.h"
#include "storage/BlobStore.h"

#include <QBuffer>
#include <QByteArray>
#include <QTemporaryDir>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    dms::exchange::MessageLimits limits;
    limits.maxMessageBytes = 1024 * 1024;
    auto read = dms::exchange::MessageReader(limits).read(bytes);
    if (read.ok() && read->message.header.messageGuid.isEmpty())
        __builtin_trap(); // a schema-valid message always has its GUID
    // The streamed reader may refuse more (anything but text in AttBody), never accept
    // what the whole-message reader refuses, and reads the same header when both accept.
    static QTemporaryDir blobs;
    static const dms::BlobStore store(blobs.path());
    QBuffer input;
    input.setData(bytes);
    input.open(QIODevice::ReadOnly);
    auto streamed = dms::exchange::MessageStreamReader(store, limits).read(input);
    if (streamed.ok()
        && (!read.ok()
            || streamed->received().message.header.messageGuid != read->message.header.messageGuid))
        __builtin_trap();
    auto request = dms::exchange::SoapEnvelope::parseSubmitRequest(bytes, limits.maxMessageBytes);
    input.seek(0);
    QByteArray extracted;
    QBuffer output(&extracted);
    output.open(QIODevice::WriteOnly);
    if (dms::exchange::SoapEnvelope::extractSubmitRequest(input, output, limits.maxMessageBytes).ok()
        && (!request.ok() || *request != extracted))
        __builtin_trap();
    (void)dms::exchange::SoapEnvelope::parseSubmitResponse(bytes, limits.maxMessageBytes);
    return 0;
}

#ifdef DMS_FUZZ_REGRESSION_MAIN
#include <QDir>
#include <QFile>

#include <cstdio>

int main(int argc, char **argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
        return 2;
    }
    const QDir dir(QString::fromLocal8Bit(argv[1]));
    int count = 0;
    for (const QString &name : dir.entryList(QDir::Files)) {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::ReadOnly))
            return 1;
        const QByteArray bytes = file.readAll();
        LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(bytes.constData()), size_t(bytes.size()));
        ++count;
    }
    std::printf("%d corpus inputs\n", count);
    return count > 0 ? 0 : 1;
}
#endif
