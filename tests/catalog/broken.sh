#!/usr/bin/env bash
# Writes a copy of input/catalog with its territory table edited, for the
# catalogue tests (tests/catalog, tests/sanitize).
# usage: tests/catalog/broken.sh KIND DIR
#   province_under_province  MA-MDF (line 16) under MA-TNG, another province
#   two_cycle                MA-TNG and MA-MDF parents of each other
#   self_parent              MA-TET (line 17) its own parent
#   levels                   a region under a region, a province without
#                            parent, a pre-2015 region inside the tree
#   region_names_ma          a region whose parent_code is MA (valid)
#   wide                     130 more provinces in MA-05 (valid: more
#                            children than a fixed array of 128 held)
set -eu
kind=$1 dir=$2
cd "$(dirname "$0")/../.."
rm -rf "$dir"
cp -r input/catalog "$dir"
csv=$dir/morocco-territories.csv
prov() { echo "s/^\\($1,province,[^,]*,[^,]*,\\)MA-01,/\\1$2,/"; }
case $kind in
    province_under_province) sed -i -e "$(prov MA-MDF MA-TNG)" "$csv" ;;
    two_cycle) sed -i -e "$(prov MA-MDF MA-TNG)" -e "$(prov MA-TNG MA-MDF)" "$csv" ;;
    self_parent) sed -i -e "$(prov MA-TET MA-TET)" "$csv" ;;
    levels) sed -i -e 's/^\(MA-02,region,[^,]*,[^,]*,\),/\1MA-01,/' -e "$(prov MA-TET '')" \
                   -e 's/^\(OLD-01,old_region,[^,]*,[^,]*,\),/\1MA-01,/' "$csv" ;;
    region_names_ma) sed -i -e 's/^\(MA-02,region,[^,]*,[^,]*,\),/\1MA,/' "$csv" ;;
    wide) for i in $(seq -w 1 130); do
              echo "MA-W$i,province,Wide $i,واسع $i,MA-05,province,,,MA-05,,1,test,"
          done >> "$csv" ;;
    *) echo "broken.sh: unknown kind $kind" >&2; exit 2 ;;
esac
