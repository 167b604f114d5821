import os
import tomllib, collections
d = tomllib.load(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'labels.toml'),'rb'))
A = d['answers']; P = d['pairwise']
APPLIES = {'no_constraints':{'system-design'},'over_engineering':{'system-design','technical-debt','general'},
 'no_trade_offs':{'system-design','technical-debt','ambiguity'},'needs_requirements':{'system-design','ambiguity','general'},
 'complaining':{'behavioural','technical-debt','operations','ambiguity','general'},
 'individual_only':{'behavioural','technical-debt','operations','ambiguity'}}
for i,a in A.items():
    assert i.startswith('b_b_')
    for f in a['red_flags']+a['no_red_flags']: assert a['kind'] in APPLIES[f], (i,f)
kind = collections.Counter(a['kind'] for a in A.values())
qual = collections.Counter(a['quality'] for a in A.values())
kq = collections.Counter((a['kind'],a['quality']) for a in A.values())
fire = collections.Counter(f for a in A.values() for f in a['red_flags'])
nofire = collections.Counter(f for a in A.values() for f in a['no_red_flags'])
offt = [i for i,a in A.items() if not a['relevant']]
print('total', len(A), 'pairs', len(P))
print('| kind | strong | medium | weak | total |\n|---|---|---|---|---|')
for k in ['behavioural','technical-debt','operations','ambiguity']:
    print(f"| {k} | {kq[(k,'strong')]} | {kq[(k,'medium')]} | {kq[(k,'weak')]} | {kind[k]} |")
print(f"| all | {qual['strong']} | {qual['medium']} | {qual['weak']} | {len(A)} |")
print('\n| flag | must fire (red_flags) | must not fire (no_red_flags) |\n|---|---|---|')
for f in ['individual_only','complaining','no_trade_offs','needs_requirements','over_engineering']:
    print(f"| {f} | {fire[f]} | {nofire[f]} |")
print('\noff-topic (relevant = false):', len(offt), offt)
for i in P: assert A[i['better']]['question']==A[i['worse']]['question']
