import json,sys,collections
r=json.load(open(sys.argv[1]))
tot=collections.Counter()
for path,f in sorted(r['files'].items()):
    src=f['source'].split('\n')
    c=collections.Counter(m['status'] for m in f['mutants'])
    tot.update(c)
    print('==',path.split('src/Dataphin.UpgradeKit/')[-1],dict(c))
    for m in f['mutants']:
        if m['status'] in ('Survived','NoCoverage','Timeout'):
            l=m['location']['start']['line']
            print('  ',m['status'],m['id'],f"L{l}",m['mutatorName'],'|',repr(m.get('replacement',''))[:80],'|',src[l-1].strip()[:110])
print('TOTAL',dict(tot))
k=tot['Killed']+tot['Timeout'];d=k+tot['Survived']+tot['NoCoverage']
print('score %.2f%%'%(100*k/d if d else 0))
