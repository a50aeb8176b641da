#!/usr/bin/env bash
# Regenerates the metadata test fixtures (see README.md for the marker list).
# Debian 12 packages: libimage-exiftool-perl imagemagick python3 python3-reportlab python3-pikepdf qpdf
# Usage: make-fixtures.sh [OUTDIR]   (default: the directory of this script + /fixtures)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/fixtures}
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
PY=/usr/bin/python3            # Debian's python3 (reportlab, pikepdf), not a pyenv shim
IM=/usr/bin/convert-im6.q16    # ImageMagick 6 from Debian
ET=(exiftool -q -q -overwrite_original -n)   # -n: numeric GPS values, no print conversion
ICC=/usr/share/color/icc/ghostscript/srgb.icc  # from ghostscript; optional

# A deterministic picture: gradient plus shapes (no random noise, so fixtures are reproducible and small).
picture() { # w h label outfile [quality]
    "$IM" -size "$1x$2" gradient:'#3a7bd5-#f2c94c' -fill '#c0392b' -draw "rectangle 0,0 $(($1-1)),$(($2/4))" \
        -fill white -draw "circle $(($1/2)),$(($2/2)) $(($1/2)),$(($2/2+$2/6))" \
        -strip -quality "${5:-85}" -sampling-factor 2x2 "$4"
}

# ---------- JPEG -------------------------------------------------------------------------------
# EXIF thumbnail (IFD1) that itself carries EXIF with GPS.
picture 160 120 thumb "$work/thumb.jpg" 70
"${ET[@]}" -EXIF:Artist=MK-JPG-THUMB-ARTIST \
    -GPSLatitude=16.0544 -GPSLatitudeRef=N -GPSLongitude=108.2022 -GPSLongitudeRef=E \
    -GPSProcessingMethod=MK-JPG-THUMB-GPSMETHOD "$work/thumb.jpg"
# Photoshop (APP13 IRB) thumbnail, also with its own EXIF.
picture 160 120 psthumb "$work/psthumb.jpg" 70
"${ET[@]}" -EXIF:Artist=MK-JPG-PSTHUMB-ARTIST "$work/psthumb.jpg"
# Second MPF image (phones: "large thumbnail"/preview), with its own EXIF GPS and XMP.
picture 320 240 mpf2 "$work/mpf2.jpg" 70
"${ET[@]}" -EXIF:Artist=MK-JPG-MPF2-ARTIST -EXIF:Make=MK-JPG-MPF2-MAKE \
    -GPSLatitude=10.7769 -GPSLatitudeRef=N -GPSLongitude=106.7009 -GPSLongitudeRef=E \
    -GPSProcessingMethod=MK-JPG-MPF2-GPSMETHOD -XMP-dc:Creator=MK-JPG-MPF2-XMP-CREATOR "$work/mpf2.jpg"
# Main image.
picture 640 480 main "$work/main.jpg" 80
"${ET[@]}" \
    -EXIF:Make=MK-JPG-EXIF-MAKE -EXIF:Model=MK-JPG-EXIF-MODEL -EXIF:Artist=MK-JPG-EXIF-ARTIST \
    -EXIF:Copyright=MK-JPG-EXIF-COPYRIGHT -EXIF:ImageDescription=MK-JPG-EXIF-DESCRIPTION \
    -EXIF:Software=MK-JPG-EXIF-SOFTWARE -EXIF:SerialNumber=MK-JPG-EXIF-SERIAL \
    -EXIF:OwnerName=MK-JPG-EXIF-OWNER -EXIF:LensModel=MK-JPG-EXIF-LENS -EXIF:UserComment=MK-JPG-EXIF-USERCOMMENT \
    -EXIF:DateTimeOriginal='2019:07:04 12:34:56' -EXIF:CreateDate='2019:07:04 12:34:56' -EXIF:ModifyDate='2019:07:04 12:34:56' \
    -EXIF:Orientation=1 \
    -GPSLatitude=21.0277644 -GPSLatitudeRef=N -GPSLongitude=105.8341598 -GPSLongitudeRef=E \
    -GPSAltitude=17.5 -GPSAltitudeRef=0 -GPSProcessingMethod=MK-JPG-EXIF-GPSMETHOD \
    -GPSDateStamp=2019:07:04 -GPSTimeStamp=05:34:56 \
    '-ThumbnailImage<='"$work/thumb.jpg" \
    -XMP-dc:Creator=MK-JPG-XMP-CREATOR -XMP-dc:Rights=MK-JPG-XMP-RIGHTS -XMP-photoshop:City=MK-JPG-XMP-CITY \
    -XMP-xmp:CreatorTool=MK-JPG-XMP-CREATORTOOL \
    -XMP-exif:GPSLatitude=21.0277644 -XMP-exif:GPSLongitude=105.8341598 \
    -IPTC:By-line=MK-JPG-IPTC-BYLINE -IPTC:City=MK-JPG-IPTC-CITY -IPTC:Sub-location=MK-JPG-IPTC-SUBLOCATION \
    -IPTC:Keywords=MK-JPG-IPTC-KEYWORD -IPTC:CopyrightNotice=MK-JPG-IPTC-COPYRIGHT \
    '-PhotoshopThumbnail<='"$work/psthumb.jpg" \
    -Comment=MK-JPG-COMMENT \
    "$work/main.jpg"
if [[ -r $ICC ]]; then "${ET[@]}" '-ICC_Profile<='"$ICC" "$work/main.jpg"; fi
# Insert an APP2 "MPF" segment (CIPA DC-007) after the last APPn of the main image and append the second image.
"$PY" - "$work/main.jpg" "$work/mpf2.jpg" "$out/jpeg-all-metadata.jpg" <<'PYEOF'
import struct, sys
main, second, dest = (open(sys.argv[1], 'rb').read(), open(sys.argv[2], 'rb').read(), sys.argv[3])
# find end of the APPn run (first non-APPn marker after SOI)
i = 2
while main[i] == 0xFF and 0xE0 <= main[i + 1] <= 0xEF:
    i += 2 + struct.unpack('>H', main[i + 2:i + 4])[0]
def mpf(first_size, second_offset):
    # Big-endian TIFF header, MP Index IFD with 3 entries, next-IFD 0, then the 2 MP entries (32 bytes).
    ifd_entries = 3
    values_at = 8 + 2 + ifd_entries * 12 + 4
    tiff = b'MM\x00\x2a' + struct.pack('>I', 8) + struct.pack('>H', ifd_entries)
    tiff += struct.pack('>HHI4s', 0xB000, 7, 4, b'0100')            # MPFVersion
    tiff += struct.pack('>HHII', 0xB001, 4, 1, 2)                    # NumberOfImages
    tiff += struct.pack('>HHII', 0xB002, 7, 32, values_at)           # MPEntry
    tiff += struct.pack('>I', 0)
    tiff += struct.pack('>IIIHH', 0x20030000, first_size, 0, 0, 0)  # representative, baseline primary
    tiff += struct.pack('>IIIHH', 0x00010001, len(second), second_offset, 0, 0)  # large thumbnail (VGA)
    body = b'MPF\x00' + tiff
    return b'\xff\xe2' + struct.pack('>H', len(body) + 2) + body
# an unknown/proprietary APP9 segment (vendors put data in APP3..APP15) and a non-image trailer after the 2nd image
body = b'MK-JPG-APP9-UNKNOWN proprietary segment'
main = main[:i] + b'\xff\xe9' + struct.pack('>H', len(body) + 2) + body + main[i:]
i += len(body) + 4
probe = mpf(0, 0)
first_size = len(main) + len(probe)
tiff_start = i + 4 + 4              # marker(2)+length(2)+"MPF\0"(4)
seg = mpf(first_size, first_size - tiff_start)
assert len(seg) == len(probe)
open(dest, 'wb').write(main[:i] + seg + main[i:] + second + b'MK-JPG-TRAILER-TEXT (vendor trailer after the last EOI)')
PYEOF

# Orientation fixture: stored 64x48 landscape, red band at the stored top, EXIF Orientation=6 (display: rotate 90° CW
# -> a 48x64 portrait with the red band on the right). A stripper that drops the tag without rotating shows it sideways.
"$IM" -size 64x48 xc:'#2e86de' -fill '#e74c3c' -draw 'rectangle 0,0 63,11' -strip -quality 90 -sampling-factor 2x2 \
    "$out/jpeg-orientation-6.jpg"
"${ET[@]}" -EXIF:Orientation=6 -EXIF:Artist=MK-JPG-ORIENT-ARTIST "$out/jpeg-orientation-6.jpg"

# ---------- PNG --------------------------------------------------------------------------------
"$IM" -size 96x64 gradient:'#16a085-#f39c12' -depth 8 -strip "$work/p.png"
"${ET[@]}" -PNG:Author=MK-PNG-TEXT-AUTHOR -PNG:Comment=MK-PNG-TEXT-COMMENT -PNG:Title=MK-PNG-TEXT-TITLE \
    -PNG:CreationTime='2019:07:04 12:34:56' -PNG:ModifyDate='2019:07:04 12:34:56' \
    -XMP-dc:Creator=MK-PNG-XMP-CREATOR -XMP-photoshop:City=MK-PNG-XMP-CITY \
    -XMP-exif:GPSLatitude=21.0277644 -XMP-exif:GPSLongitude=105.8341598 \
    -EXIF:Artist=MK-PNG-EXIF-ARTIST -EXIF:Make=MK-PNG-EXIF-MAKE \
    -GPSLatitude=21.0277644 -GPSLatitudeRef=N -GPSLongitude=105.8341598 -GPSLongitudeRef=E \
    -GPSProcessingMethod=MK-PNG-EXIF-GPSMETHOD "$work/p.png"
# exiftool writes tEXt (Author/Comment/Title/CreationTime), tIME, iTXt XML:com.adobe.xmp and an eXIf chunk.
# Add a compressed zTXt, an uncompressed iTXt and private chunks by hand (exiftool chooses the chunk type itself).
"$PY" - "$work/p.png" "$out/png-metadata.png" <<'PYEOF'
import struct, sys, zlib
data = open(sys.argv[1], 'rb').read()
def chunk(t, body): return struct.pack('>I', len(body)) + t + body + struct.pack('>I', zlib.crc32(t + body) & 0xffffffff)
extra = chunk(b'zTXt', b'Description\x00\x00' + zlib.compress(b'MK-PNG-ZTXT-DESCRIPTION (compressed: grep will not see it)'))
extra += chunk(b'iTXt', b'Source\x00\x00\x00vi\x00Ngu\xe1\xbb\x93n\x00MK-PNG-ITXT-SOURCE')
# private/unknown ancillary chunks (exiftool -all= keeps these!): a vendor chunk and a C2PA-style 'caBX' (JUMBF) chunk
extra += chunk(b'mkTX', b'MK-PNG-PRIVATE-CHUNK') + chunk(b'caBX', b'MK-PNG-CABX-C2PA')
i = data.index(b'IDAT') - 4
open(sys.argv[2], 'wb').write(data[:i] + extra + data[i:])
PYEOF

# ---------- PDF --------------------------------------------------------------------------------
# A photo with EXIF GPS, embedded as-is (DCTDecode) by reportlab: "every image inside a file".
picture 200 150 pdfimg "$work/pdfimg.jpg" 75
"${ET[@]}" -EXIF:Artist=MK-PDF-IMG-EXIF-ARTIST -GPSLatitude=20.8449 -GPSLatitudeRef=N -GPSLongitude=106.6881 \
    -GPSLongitudeRef=E -GPSProcessingMethod=MK-PDF-IMG-GPSMETHOD -XMP-dc:Creator=MK-PDF-IMG-XMP-CREATOR "$work/pdfimg.jpg"
"$PY" - "$work/pdfimg.jpg" "$work/a.pdf" "$out/pdf-metadata.pdf" "${FIXTURE_PDF_PAGES:-2}" <<'PYEOF'
import os, sys, pikepdf
from reportlab import rl_config
rl_config.useA85 = 0   # keep the JPEG bytes (with their EXIF) verbatim in the DCTDecode stream
from reportlab.pdfgen import canvas
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
img, tmp, dest, pages = sys.argv[1], sys.argv[2], os.path.abspath(sys.argv[3]), int(sys.argv[4])
os.chdir(os.path.dirname(img)); img = os.path.basename(img)  # reportlab names the XObject after the path: keep it stable
font = 'Helvetica'
for path in ('/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',):
    try: pdfmetrics.registerFont(TTFont('DejaVu', path)); font = 'DejaVu'
    except Exception: pass
c = canvas.Canvas(tmp, pagesize=A4, invariant=1)
for p in range(pages):
    c.setFont(font, 14)
    c.drawString(72, 770, 'Phan anh so %d - VISIBLE-BODY-TEXT' % (p + 1))
    c.drawString(72, 750, 'Đường Láng bị ngập sau mưa lớn.' if font == 'DejaVu' else 'Duong Lang bi ngap sau mua lon.')
    if p == 0: c.drawImage(img, 72, 520, width=200, height=150)
    c.showPage()
c.save()
author = 'Nguyễn Văn Bí Mật'
pdf = pikepdf.open(tmp)
pdf.docinfo = pdf.make_indirect(pikepdf.Dictionary({
    '/Author': pikepdf.String(author), '/Title': pikepdf.String('MK-PDF-INFO-TITLE'),
    '/Subject': pikepdf.String('MK-PDF-INFO-SUBJECT'), '/Keywords': pikepdf.String('MK-PDF-INFO-KEYWORDS'),
    '/Creator': pikepdf.String('MK-PDF-INFO-CREATOR'), '/Producer': pikepdf.String('MK-PDF-INFO-PRODUCER'),
    '/CreationDate': pikepdf.String("D:20190704123456+07'00'"), '/ModDate': pikepdf.String("D:20190705123456+07'00'"),
    '/MKCustom': pikepdf.String('MK-PDF-INFO-CUSTOM')}))
xmp = f'''<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:exif="http://ns.adobe.com/exif/1.0/"
 xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">
<dc:creator><rdf:Seq><rdf:li>{author} MK-PDF-XMP-CREATOR</rdf:li></rdf:Seq></dc:creator>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">MK-PDF-XMP-TITLE</rdf:li></rdf:Alt></dc:title>
<xmp:CreatorTool>MK-PDF-XMP-CREATORTOOL</xmp:CreatorTool><pdf:Producer>MK-PDF-XMP-PRODUCER</pdf:Producer>
<xmp:CreateDate>2019-07-04T12:34:56+07:00</xmp:CreateDate><xmp:ModifyDate>2019-07-05T12:34:56+07:00</xmp:ModifyDate>
<photoshop:City>MK-PDF-XMP-CITY</photoshop:City>
<exif:GPSLatitude>21,1.665864N</exif:GPSLatitude><exif:GPSLongitude>105,50.049588E</exif:GPSLongitude>
<xmpMM:DocumentID>uuid:MK-PDF-XMP-DOCUMENTID</xmpMM:DocumentID>
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>'''.encode('utf-8')
pdf.Root.Metadata = pdf.make_stream(xmp, Type=pikepdf.Name.Metadata, Subtype=pikepdf.Name.XML)
pdf.Root.Metadata.stream_dict  # noqa
pdf.trailer.ID = pikepdf.Array([pikepdf.String(b'MK-PDF-ID-0000001'), pikepdf.String(b'MK-PDF-ID-0000001')])
pdf.save(dest, compress_streams=False, object_stream_mode=pikepdf.ObjectStreamMode.disable,
         static_id=True)
PYEOF
# An incremental update on top (as editors and exiftool write): the old Info/XMP stay in the file as earlier revision.
"${ET[@]}" -PDF:Subject=MK-PDF-INCR-SUBJECT -XMP-dc:Description=MK-PDF-INCR-XMP-DESCRIPTION "$out/pdf-metadata.pdf"

ls -l "$out"
